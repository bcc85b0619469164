// Keeps one run on record while it trains, whatever the host: records its events and saves the
// record with the weights at the start, at every epoch's end, now and then within a long epoch,
// and at the finish. A save that fails (a full disk) is reported and training goes on; the next
// save tries again. Saves run one at a time, and a save asked for meanwhile runs once after it.

import type { ModelDocument } from '../../engine/index';
import { messageOf } from '../../engine/errors';
import type { WorkerEvent } from '../protocol';
import { relabelRecord, type RunLabels, type RunParts, type RunRecord } from './record';
import type { RunRecorder } from './recorder';

/** The worker's events as a host's client reports them, with its news of a crashed worker. */
export type RunEvent = WorkerEvent | { type: 'crashed'; message: string };

/** What the keeper needs of the training client. */
export interface RunSource {
  subscribe(listener: (event: RunEvent) => void): () => void;
  /** The model document with the weights as they are now. */
  weights(): Promise<ModelDocument>;
}

/** Where runs are kept: a folder per run, IndexedDB, or the desktop app through its backend. */
export interface RunSink {
  /** Writes both parts, replacing what was saved of the same run before. */
  save(parts: RunParts): Promise<void>;
}

/** Within an epoch, the record is saved again at most this often. */
export const SAVE_INTERVAL_MS = 30_000;

export class RunKeeper {
  /** Resolves once the run has ended and its last save has been tried. */
  readonly ended: Promise<void>;
  private endRun!: () => void;
  private unsubscribe: () => void;
  private saving: Promise<void> | null = null;
  private again = false;
  private lastSave = 0;
  private trained: ModelDocument | null = null;
  private lastProblem: string | null = null;

  constructor(
    private readonly recorder: RunRecorder,
    private readonly source: RunSource,
    private readonly sink: RunSink,
    /** A save failed: what went wrong, once until a save succeeds again. */
    private readonly onProblem: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.ended = new Promise((resolve) => (this.endRun = resolve));
    this.unsubscribe = source.subscribe((event) => this.receive(event));
    void this.save();
  }

  get id(): string {
    return this.recorder.id;
  }

  /** The record as it stands. */
  record(): RunRecord {
    return this.recorder.record();
  }

  /** Renames, re-notes or re-tags the run; throws a RunRecordError naming a bad label. */
  relabel(labels: RunLabels): RunRecord {
    const record = relabelRecord(this.recorder.record(), labels);
    this.recorder.relabel({ name: record.name, notes: record.notes, tags: record.tags });
    void this.save();
    return record;
  }

  /** Stops listening, once what is recorded so far is saved (the run's end, if it has ended). */
  close(): Promise<void> {
    if (this.recorder.ended) return this.ended;
    this.unsubscribe();
    return this.save();
  }

  private receive(event: RunEvent): void {
    if (event.type === 'crashed') {
      this.recorder.crashed(event.message);
    } else {
      this.recorder.receive(event);
      const due =
        event.type === 'epoch' ||
        event.type === 'finished' ||
        (event.type === 'progress' && this.now() - this.lastSave >= SAVE_INTERVAL_MS);
      if (!due && !this.recorder.ended) return;
    }
    if (!this.recorder.ended) {
      void this.save();
      return;
    }
    this.unsubscribe();
    void this.save().then(this.endRun);
  }

  /** Saves now, or once more after the save under way. */
  private save(): Promise<void> {
    this.lastSave = this.now();
    if (this.saving) {
      this.again = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.again = false;
        await this.saveOnce();
      } while (this.again);
      this.saving = null;
    })();
    return this.saving;
  }

  private async saveOnce(): Promise<void> {
    // A dead worker has no weights to give: the last ones fetched are kept, else those it started from.
    const current = await this.source.weights().catch(() => null);
    // The model says which run its weights came from, wherever it is opened.
    const trained = current
      ? { ...current, training: { ...current.training, run: this.recorder.id } }
      : (this.trained ?? this.recorder.startModel);
    this.trained = trained;
    try {
      await this.sink.save({ record: this.recorder.record(), trained });
      this.lastProblem = null;
    } catch (error) {
      const message = messageOf(error);
      if (message !== this.lastProblem) this.onProblem(message);
      this.lastProblem = message;
    }
  }
}
