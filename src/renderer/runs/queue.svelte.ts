// A queue of models trained one after another with the same settings: which one trains now, how
// long the rest should take, and pause, resume and cancel. Each model is trained by the trainer
// the dashboard gives (a run recorded like any other); the queue only orders them.

import type { ModelDocument } from '../../engine';
import type { TrainingSettings } from '../../shared/protocol';

export interface QueuedModel {
  title: string;
  document: ModelDocument;
}

/** What the queue needs of training. */
export interface QueueTrainer {
  /** Trains the model to its end with the settings; resolves false when it could not start. */
  train(model: QueuedModel, settings: TrainingSettings): Promise<boolean>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export type QueuePhase = 'idle' | 'running' | 'paused' | 'cancelling';

/** A model the queue is done with: how long it took, and whether it trained at all. */
export interface QueueDone {
  title: string;
  seconds: number;
  trained: boolean;
}

/**
 * Seconds until the queue is through: what the model training now says it needs, and for each
 * model after it the mean time of those that trained. Null until both are known.
 */
export function queueEta(
  done: readonly QueueDone[],
  after: number,
  currentEta: number | null,
): number | null {
  if (currentEta === null) return null;
  if (after === 0) return currentEta;
  const trained = done.filter((d) => d.trained);
  if (trained.length === 0) return null;
  const mean = trained.reduce((sum, d) => sum + d.seconds, 0) / trained.length;
  return currentEta + mean * after;
}

export class RunQueue {
  /** The models waiting, then training, in order. */
  items: readonly QueuedModel[] = $state.raw([]);
  /** The one training now, an index into `items`; -1 while none is. */
  current = $state(-1);
  phase: QueuePhase = $state('idle');
  /** The models trained (or skipped) so far in this pass. */
  done: readonly QueueDone[] = $state.raw([]);

  constructor(
    private readonly trainer: QueueTrainer,
    /** Milliseconds, for the time each model took (pauses included). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  get active(): boolean {
    return this.phase !== 'idle';
  }

  add(models: readonly QueuedModel[]): void {
    this.items = [...this.items, ...models];
  }

  /** Takes a waiting model out; the one training and those done stay. */
  remove(index: number): void {
    if (index <= this.current) return;
    this.items = this.items.filter((_, i) => i !== index);
  }

  clear(): void {
    if (!this.active) this.items = [];
  }

  /** Trains the models in turn, each with `settings`; resolves when the queue is through or cancelled. */
  async start(settings: TrainingSettings): Promise<void> {
    if (this.active || this.items.length === 0) return;
    this.phase = 'running';
    this.done = [];
    try {
      for (let i = 0; i < this.items.length; i++) {
        // A pause asked for while a model trained holds the next one back; it is asked for
        // meanwhile, so the phase is read afresh each time.
        while (this.#phase() === 'paused') await this.#resumed;
        if (this.#phase() === 'cancelling') break;
        this.current = i;
        const model = this.items[i];
        const began = this.now();
        const trained = await this.trainer.train(model, settings);
        this.done = [
          ...this.done,
          { title: model.title, seconds: (this.now() - began) / 1000, trained },
        ];
      }
    } finally {
      this.items = [];
      this.current = -1;
      this.phase = 'idle';
    }
  }

  #phase(): QueuePhase {
    return this.phase;
  }

  #resume: () => void = () => {};
  #resumed: Promise<void> = Promise.resolve();

  async pause(): Promise<void> {
    if (this.phase !== 'running') return;
    this.phase = 'paused';
    this.#resumed = new Promise((resolve) => (this.#resume = resolve));
    await this.trainer.pause();
  }

  async resume(): Promise<void> {
    if (this.phase !== 'paused') return;
    this.phase = 'running';
    this.#resume();
    await this.trainer.resume();
  }

  /** Stops the model training now (its run is kept, stopped) and drops those still waiting. */
  async cancel(): Promise<void> {
    if (this.phase !== 'running' && this.phase !== 'paused') return;
    this.phase = 'cancelling';
    this.#resume();
    await this.trainer.stop();
  }
}
