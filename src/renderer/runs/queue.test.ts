import { describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../shared/protocol';
import { model } from '../../../test/runs/fixtures';
import { queueEta, RunQueue, type QueueTrainer, type QueuedModel } from './queue.svelte';

// The queue over a trainer whose runs end when the test says, on a clock the test moves.

const settings = { dataset: 'shapes', epochs: 1 } as TrainingSettings;

function trainer(refuse: string[] = []) {
  const calls: string[] = [];
  let finish: (() => void) | null = null;
  const fake: QueueTrainer = {
    train(queued, given) {
      calls.push(`train ${queued.title} ${given.epochs}`);
      if (refuse.includes(queued.title)) return Promise.resolve(false);
      return new Promise((resolve) => (finish = () => resolve(true)));
    },
    pause: async () => void calls.push('pause'),
    resume: async () => void calls.push('resume'),
    stop: async () => {
      calls.push('stop');
      finish?.();
    },
  };
  const end = () => {
    const done = finish;
    finish = null;
    done?.();
  };
  return { fake, calls, end };
}

const models = (...titles: string[]): QueuedModel[] =>
  titles.map((title) => ({ title, document: model(title) }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RunQueue', () => {
  it('trains the models in turn with the same settings, timing each, skipping one that cannot start', async () => {
    const { fake, calls, end } = trainer(['B']);
    let clock = 0;
    const queue = new RunQueue(fake, () => clock);
    queue.add(models('A', 'B', 'C'));
    const running = queue.start(settings);
    expect([queue.phase, queue.current]).toEqual(['running', 0]);
    clock = 4000;
    end();
    await settle();
    // B could not start; C trains.
    expect(queue.current).toBe(2);
    clock = 10_000;
    end();
    await running;
    expect(calls).toEqual(['train A 1', 'train B 1', 'train C 1']);
    expect(queue.done).toEqual([
      { title: 'A', seconds: 4, trained: true },
      { title: 'B', seconds: 0, trained: false },
      { title: 'C', seconds: 6, trained: true },
    ]);
    expect([queue.phase, queue.current, queue.items]).toEqual(['idle', -1, []]);
  });

  it('pauses the model training and holds the next back until resumed', async () => {
    const { fake, calls, end } = trainer();
    const queue = new RunQueue(fake);
    queue.add(models('A', 'B'));
    const running = queue.start(settings);
    await queue.pause();
    expect(queue.phase).toBe('paused');
    end();
    await settle();
    expect(calls).toEqual(['train A 1', 'pause']);
    await queue.resume();
    await settle();
    expect(calls).toEqual(['train A 1', 'pause', 'resume', 'train B 1']);
    end();
    await running;
    expect(queue.done.map((d) => d.title)).toEqual(['A', 'B']);
  });

  it('cancels: stops the model training and drops those waiting', async () => {
    const { fake, calls } = trainer();
    const queue = new RunQueue(fake);
    queue.add(models('A', 'B', 'C'));
    const running = queue.start(settings);
    queue.remove(2);
    expect(queue.items.map((m) => m.title)).toEqual(['A', 'B']);
    // The one training is not taken out.
    queue.remove(0);
    expect(queue.items).toHaveLength(2);
    await queue.cancel();
    await running;
    expect(calls).toEqual(['train A 1', 'stop']);
    expect(queue.done.map((d) => d.title)).toEqual(['A']);
    expect(queue.phase).toBe('idle');
  });
});

describe('queueEta', () => {
  const done = [
    { title: 'A', seconds: 10, trained: true },
    { title: 'B', seconds: 0, trained: false },
    { title: 'C', seconds: 20, trained: true },
  ];

  it('adds the mean time of the models trained for each one still to come', () => {
    expect(queueEta(done, 2, 5)).toBe(35);
    expect(queueEta(done, 0, 5)).toBe(5);
    expect(queueEta([], 0, 5)).toBe(5);
  });

  it('is unknown until the model training now says, and one model has trained', () => {
    expect(queueEta(done, 2, null)).toBeNull();
    expect(queueEta([done[1]], 2, 5)).toBeNull();
  });
});
