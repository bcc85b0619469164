import type { TrainerEvent } from '../engine/train/trainer';
import type { EventOf } from '../shared/protocol';

/** How often progress is reported, in milliseconds (~10 Hz). */
export const PROGRESS_INTERVAL_MS = 100;

/** What the trainer reports of a step. */
type StepResult = Omit<Extract<TrainerEvent, { type: 'step' }>, 'type'>;

/**
 * Turns per-step results into throttled progress events: loss and accuracy are means over the
 * steps since the last event; speed and ETA count only time spent training (the clock is restarted
 * after a pause or an evaluation, which would otherwise count as slow steps).
 */
export class ProgressMeter {
  private windowStart = 0;
  private lossSum = 0;
  private correct = 0;
  private samples = 0;
  private steps = 0;
  private last: StepResult | null = null;
  private activeMs = 0;
  private measuredSteps = 0;

  constructor(
    private readonly totalSteps: number,
    private readonly epochs: number,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /** Starts timing from `now`, dropping the time since the last step. */
  restartClock(now: number): void {
    this.windowStart = now;
  }

  /** Adds a step; returns an event when the interval has passed since the last one. */
  record(step: StepResult, now: number): EventOf<'progress'> | null {
    this.lossSum += step.loss * step.samples;
    this.correct += step.correct;
    this.samples += step.samples;
    this.steps++;
    this.last = step;
    return now - this.windowStart >= this.intervalMs ? this.flush(now) : null;
  }

  /** The event for the steps not yet reported, if any. */
  flush(now: number): EventOf<'progress'> | null {
    const last = this.last;
    if (!last || this.steps === 0) return null;
    const elapsed = Math.max(now - this.windowStart, 1e-3);
    this.activeMs += elapsed;
    this.measuredSteps += this.steps;
    const event: EventOf<'progress'> = {
      type: 'progress',
      step: last.step,
      totalSteps: this.totalSteps,
      epoch: last.epoch,
      epochs: this.epochs,
      loss: this.lossSum / this.samples,
      accuracy: this.correct / this.samples,
      learningRate: last.learningRate,
      samplesPerSecond: (this.samples * 1000) / elapsed,
      etaSeconds: ((this.totalSteps - last.step) * this.activeMs) / this.measuredSteps / 1000,
    };
    this.windowStart = now;
    this.lossSum = 0;
    this.correct = 0;
    this.samples = 0;
    this.steps = 0;
    return event;
  }
}
