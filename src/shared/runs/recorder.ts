// Builds a run's record from the worker's events as they arrive, the same for every host: the
// `loaded` that describes the run, then its progress, epochs and finish. Until the finish the
// record says `interrupted`, which is what a record saved mid-run should say if nothing follows.

import type { ModelDocument } from '../../engine/index';
import type { EventOf, WorkerEvent } from '../protocol';
import {
  RUN_FORMAT,
  RUN_ID,
  RUN_VERSION,
  type RunCurve,
  type RunEpoch,
  type RunLabels,
  type RunOutcome,
  type RunRecord,
} from './record';

/** Most points a curve keeps: past it, neighbours are merged two by two. */
export const MAX_CURVE_POINTS = 2000;

export interface RunStart {
  id: string;
  /** When training starts. */
  startedAt: Date;
  /** The model as sent to the worker; its weights are not part of the record. */
  model: ModelDocument;
  loaded: EventOf<'loaded'>;
  name?: string;
  tags?: string[];
}

/** A new run's id: when it started (so ids sort by time) and a random part, e.g. `20250102-103000-4f9a1c`. */
export function newRunId(startedAt: Date, random: () => number = Math.random): string {
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  const suffix = Math.floor(random() * 0x1000000)
    .toString(16)
    .padStart(6, '0');
  return `${stamp}-${suffix}`;
}

/**
 * The run a model's weights came from, when it has weights and says so (`training.run`): training
 * it continues that run. Null for a model without weights, or with weights from elsewhere.
 */
export function weightsRun(model: ModelDocument): string | null {
  if (Object.keys(model.weights ?? {}).length === 0) return null;
  const run = model.training?.run;
  return typeof run === 'string' && RUN_ID.test(run) ? run : null;
}

type Point = { step: number; loss: number; accuracy: number; weight: number };

export class RunRecorder {
  private readonly epochs: RunEpoch[] = [];
  private points: Point[] = [];
  private outcome: RunOutcome = { kind: 'interrupted' };
  private test: RunRecord['test'] = null;
  private confusion: number[] | null = null;
  private steps = 0;
  private finishedSeconds: number | null = null;
  /** Training images and the seconds they took, summed over progress reports. */
  private samples = 0;
  private trainingSeconds = 0;
  private lastStep = 0;
  private readonly model: ModelDocument;
  private labels: RunLabels;

  constructor(
    private readonly start: RunStart,
    /** Milliseconds since the epoch, for the wall time of a run that has not finished. */
    private readonly now: () => number = Date.now,
  ) {
    const model = { ...start.model };
    delete model.weights;
    this.model = model;
    this.labels = {
      name: start.name ?? (start.model.name?.trim() || 'Untitled model'),
      notes: '',
      tags: start.tags ?? [],
    };
  }

  /** The user renamed, re-noted or re-tagged the run while it trains (checked by the caller). */
  relabel(labels: RunLabels): void {
    this.labels = { ...labels, tags: [...labels.tags] };
  }

  get id(): string {
    return this.start.id;
  }

  /** The model as sent to the worker, with any weights it started from. */
  get startModel(): ModelDocument {
    return this.start.model;
  }

  /** Whether the run has ended: its record will not change again. */
  get ended(): boolean {
    return this.outcome.kind !== 'interrupted';
  }

  /** Takes in one worker event; those that say nothing about the run, or come after its end, are ignored. */
  receive(event: WorkerEvent): void {
    if (this.ended) return;
    switch (event.type) {
      case 'progress':
        return this.progress(event);
      case 'epoch':
        this.steps = event.step;
        this.epochs.push({
          epoch: event.epoch,
          step: event.step,
          train: event.train,
          validation: event.validation,
          test: event.test,
        });
        return;
      case 'finished':
        return this.finished(event);
    }
  }

  /** The worker died before the run finished. */
  crashed(message: string): void {
    if (this.ended) return;
    this.outcome = { kind: 'failed', reason: message };
    this.finishedSeconds = this.elapsedSeconds();
  }

  /** The record as it stands: final once `ended`, else what is known so far. */
  record(): RunRecord {
    const { loaded } = this.start;
    return {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      id: this.start.id,
      ...this.labels,
      continuedFrom: weightsRun(this.start.model),
      startedAt: this.start.startedAt.toISOString(),
      seconds: this.finishedSeconds ?? this.elapsedSeconds(),
      outcome: this.outcome,
      model: this.model,
      dataset: {
        name: loaded.dataset.name,
        classes: [...loaded.dataset.classes],
        train: loaded.dataset.train,
        validation: loaded.dataset.validation,
        test: loaded.dataset.test,
      },
      settings: { ...loaded.settings },
      normalization: loaded.normalization,
      params: loaded.parameterCount,
      macs: loaded.summary.reduce((sum, layer) => sum + layer.macs, 0),
      kernels: { ...loaded.kernels, threads: loaded.threads },
      stepsPerEpoch: loaded.stepsPerEpoch,
      totalSteps: loaded.totalSteps,
      steps: this.steps,
      epochs: [...this.epochs],
      curve: this.curve(),
      test: this.test,
      confusion: this.confusion,
      samplesPerSecond: this.trainingSeconds > 0 ? this.samples / this.trainingSeconds : null,
    };
  }

  private progress(event: EventOf<'progress'>): void {
    // A report covers the steps since the previous one; its speed says how long they took.
    const steps = event.step - this.lastStep;
    this.lastStep = event.step;
    this.steps = event.step;
    const samples = steps * this.start.loaded.settings.batchSize;
    if (event.samplesPerSecond > 0) {
      this.samples += samples;
      this.trainingSeconds += samples / event.samplesPerSecond;
    }
    this.points.push({
      step: event.step,
      loss: event.loss,
      accuracy: event.accuracy,
      weight: steps,
    });
    if (this.points.length > MAX_CURVE_POINTS) this.points = thin(this.points);
  }

  private finished(event: EventOf<'finished'>): void {
    this.steps = event.step;
    this.test = event.test;
    this.confusion = event.confusion ? [...event.confusion] : null;
    this.finishedSeconds = event.seconds;
    this.outcome =
      event.reason === 'completed'
        ? { kind: 'finished' }
        : event.reason === 'stopped'
          ? { kind: 'stopped' }
          : { kind: event.reason, reason: event.message ?? `training ${event.reason}` };
  }

  private elapsedSeconds(): number {
    return Math.max(0, (this.now() - this.start.startedAt.getTime()) / 1000);
  }

  private curve(): RunCurve {
    return {
      step: this.points.map((p) => p.step),
      loss: this.points.map((p) => p.loss),
      accuracy: this.points.map((p) => p.accuracy),
    };
  }
}

/** Halves a curve: each pair of neighbours becomes one point, their means weighted by steps. */
function thin(points: Point[]): Point[] {
  const thinned: Point[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const a = points[i];
    const b = points[i + 1];
    if (!b) {
      thinned.push(a);
      continue;
    }
    const weight = a.weight + b.weight;
    const mean = (x: number, y: number) =>
      weight > 0 ? (x * a.weight + y * b.weight) / weight : (x + y) / 2;
    thinned.push({
      step: b.step,
      loss: mean(a.loss, b.loss),
      accuracy: mean(a.accuracy, b.accuracy),
      weight,
    });
  }
  return thinned;
}
