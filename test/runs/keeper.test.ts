import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../src/engine/index';
import { RunKeeper, SAVE_INTERVAL_MS, type RunEvent } from '../../src/shared/runs/keeper';
import type { RunParts } from '../../src/shared/runs/record';
import { RunRecorder } from '../../src/shared/runs/recorder';
import { epoch, finished, loaded, model, progress } from './fixtures';

// The keeper: when a run is saved while it trains, and what a failed save or a crash leaves.

function setup(options: { failing?: () => Error | null } = {}) {
  let clock = 0;
  let weightsAsked = 0;
  let dead = false;
  const listeners = new Set<(event: RunEvent) => void>();
  const saved: RunParts[] = [];
  const problems: string[] = [];
  const source = {
    subscribe(listener: (event: RunEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async weights(): Promise<ModelDocument> {
      if (dead) throw new Error('the training worker is not running');
      weightsAsked++;
      return { ...model(), meta: { weights: weightsAsked } };
    },
  };
  const sink = {
    async save(parts: RunParts) {
      const error = options.failing?.() ?? null;
      if (error) throw error;
      saved.push(structuredClone(parts));
    },
  };
  const recorder = new RunRecorder(
    { id: 'run-1', startedAt: new Date(0), model: model(), loaded: loaded() },
    () => clock,
  );
  const keeper = new RunKeeper(
    recorder,
    source,
    sink,
    (m) => problems.push(m),
    () => clock,
  );
  const emit = async (event: RunEvent) => {
    for (const listener of [...listeners]) listener(event);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return {
    keeper,
    saved,
    problems,
    emit,
    listeners,
    tick: (ms: number) => (clock += ms),
    kill: () => (dead = true),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RunKeeper', () => {
  it('saves at the start, at each epoch end, within a long epoch, and at the finish', async () => {
    const { keeper, saved, emit, tick, listeners } = setup();
    await settle();
    expect(saved.map((s) => s.record.outcome.kind)).toEqual(['interrupted']);
    await emit(progress(5, 1.5));
    expect(saved).toHaveLength(1);
    tick(SAVE_INTERVAL_MS);
    await emit(progress(8, 1.4));
    await emit(epoch(1));
    expect(saved.map((s) => s.record.steps)).toEqual([0, 8, 10]);
    await emit(finished());
    await keeper.ended;
    expect(saved.map((s) => s.record.outcome.kind)).toEqual([
      'interrupted',
      'interrupted',
      'interrupted',
      'finished',
    ]);
    // Each save carries the weights as they were when it was made.
    expect(saved.map((s) => s.trained.meta)).toEqual([1, 2, 3, 4].map((weights) => ({ weights })));
    // …and says which run they came from.
    expect(saved.map((s) => s.trained.training)).toEqual(Array(4).fill({ run: 'run-1' }));
    expect(listeners.size).toBe(0);
  });

  it('reports a failed save once, goes on, and saves again when it can', async () => {
    let full = true;
    const { keeper, saved, problems, emit } = setup({
      failing: () => (full ? new Error('cannot save run "Tiny": the disk is full') : null),
    });
    await emit(epoch(1));
    await emit(progress(15, 1));
    await emit(epoch(2));
    expect(problems).toEqual(['cannot save run "Tiny": the disk is full']);
    full = false;
    await emit(finished());
    await keeper.ended;
    expect(saved.map((s) => s.record.outcome.kind)).toEqual(['finished']);
  });

  it('keeps the last weights it fetched when the worker dies, and says the run failed', async () => {
    const { keeper, saved, emit, kill } = setup();
    await emit(epoch(1));
    kill();
    await emit({ type: 'crashed', message: 'the training worker crashed: out of memory' });
    await keeper.ended;
    const last = saved.at(-1)!;
    expect(last.record.outcome).toEqual({
      kind: 'failed',
      reason: 'the training worker crashed: out of memory',
    });
    expect(last.trained.meta).toEqual({ weights: 2 });
  });

  it('saves what it has when closed before the run ends', async () => {
    const { keeper, saved, emit, listeners } = setup();
    await emit(progress(5, 1.5));
    await keeper.close();
    expect(saved.at(-1)!.record).toMatchObject({ outcome: { kind: 'interrupted' }, steps: 5 });
    expect(listeners.size).toBe(0);
  });
});
