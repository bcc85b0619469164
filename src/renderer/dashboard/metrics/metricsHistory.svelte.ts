// The metrics of one training run: a point per progress event (~10 a second), a record per epoch
// and the test result at the end. Events are buffered and published a few times a second (one
// `version` bump per batch), so charts redraw in batches and never once per event. The history
// lives until the next run starts: pausing, resuming and stopping keep it.

import type { EventOf, MetricsData } from '../../../shared/protocol';

/** One progress event: means over the steps since the one before. */
export interface StepPoint {
  step: number;
  /** Where in training, in epochs (step / steps per epoch): the charts' x axis. */
  x: number;
  loss: number;
  /** Exponential moving average of the loss, bias-corrected like TensorBoard's. */
  smoothed: number;
  accuracy: number;
  learningRate: number;
  samplesPerSecond: number;
}

export interface EpochPoint {
  epoch: number;
  step: number;
  train: MetricsData;
  validation: MetricsData | null;
}

/** How long events wait to be published together. */
export const FLUSH_MS = 250;
/** Weight of the past in the smoothed loss, per progress event. */
export const SMOOTHING = 0.85;

export type Timer = (run: () => void, ms: number) => void;

export class MetricsHistory {
  /** Bumped once per published batch: read it to redraw when new points arrive. */
  version = $state(0);
  readonly #points: StepPoint[] = [];
  readonly #epochs: EpochPoint[] = [];
  #test: MetricsData | null = null;
  #latest: EventOf<'progress'> | null = null;
  #pending: (() => void)[] = [];
  #scheduled = false;
  #ema = 0;
  #emaCount = 0;

  constructor(private readonly timer: Timer = (run, ms) => void setTimeout(run, ms)) {}

  // Each getter reads `version`, so whatever shows them updates once per published batch.

  get points(): readonly StepPoint[] {
    void this.version;
    return this.#points;
  }

  get epochs(): readonly EpochPoint[] {
    void this.version;
    return this.#epochs;
  }

  /** The test set's loss and accuracy once the run has finished (or been stopped). */
  get test(): MetricsData | null {
    void this.version;
    return this.#test;
  }

  /** The last progress event published: step, speed, ETA. */
  get latest(): EventOf<'progress'> | null {
    void this.version;
    return this.#latest;
  }

  /** The epoch record of `epoch` (1-based), if that epoch has ended. */
  epoch(epoch: number): EpochPoint | null {
    return this.epochs.find((e) => e.epoch === epoch) ?? null;
  }

  addProgress(event: EventOf<'progress'>): void {
    this.#later(() => {
      this.#latest = event;
      this.#ema = SMOOTHING * this.#ema + (1 - SMOOTHING) * event.loss;
      this.#emaCount++;
      this.#points.push({
        step: event.step,
        x: event.step / (event.totalSteps / event.epochs),
        loss: event.loss,
        smoothed: this.#ema / (1 - SMOOTHING ** this.#emaCount),
        accuracy: event.accuracy,
        learningRate: event.learningRate,
        samplesPerSecond: event.samplesPerSecond,
      });
    });
  }

  addEpoch(event: EventOf<'epoch'>): void {
    this.#later(() => {
      const { epoch, step, train, validation } = event;
      this.#epochs.push({ epoch, step, train, validation });
    });
  }

  finish(test: MetricsData | null): void {
    this.#later(() => (this.#test = test));
  }

  /** Publishes what is buffered now (a run that ended shows its last points at once). */
  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    for (const apply of this.#pending.splice(0)) apply();
    this.version++;
  }

  /** Forgets everything: a new run starts. */
  clear(): void {
    this.#pending = [];
    this.#points.length = 0;
    this.#epochs.length = 0;
    this.#test = null;
    this.#latest = null;
    this.#ema = 0;
    this.#emaCount = 0;
    this.version++;
  }

  #later(apply: () => void): void {
    this.#pending.push(apply);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.timer(() => this.flush(), FLUSH_MS);
  }
}

const csvNumber = (x: number | null | undefined) => (x == null ? '' : String(x));

/**
 * The history as one CSV table: a row per progress point, and a row per epoch end with the
 * epoch's mean training metrics and its validation metrics.
 */
export function historyCsv(history: MetricsHistory): string {
  const header =
    'kind,step,epoch,loss,loss_smoothed,accuracy,learning_rate,samples_per_second,val_loss,val_accuracy';
  const rows: { step: number; order: number; cells: (number | string | null)[] }[] = [];
  for (const p of history.points) {
    rows.push({
      step: p.step,
      order: 0,
      cells: [
        'step',
        p.step,
        p.x.toFixed(4),
        p.loss,
        p.smoothed,
        p.accuracy,
        p.learningRate,
        p.samplesPerSecond,
        null,
        null,
      ],
    });
  }
  for (const e of history.epochs) {
    rows.push({
      step: e.step,
      order: 1,
      cells: [
        'epoch',
        e.step,
        e.epoch,
        e.train.loss,
        null,
        e.train.accuracy,
        null,
        null,
        e.validation?.loss ?? null,
        e.validation?.accuracy ?? null,
      ],
    });
  }
  const test = history.test;
  const lines = rows
    .sort((a, b) => a.step - b.step || a.order - b.order)
    .map((r) => r.cells.map((c) => (typeof c === 'string' ? c : csvNumber(c))).join(','));
  if (test) {
    const lastStep = history.points.at(-1)?.step ?? 0;
    lines.push(`test,${lastStep},,${test.loss},,${test.accuracy},,,,`);
  }
  return `${header}\n${lines.join('\n')}\n`;
}
