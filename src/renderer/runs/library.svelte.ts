// The runs the page knows: those the host keeps (a folder each in the desktop app, IndexedDB on
// the web), read once when first wanted, and the run training now, recorded and saved as it goes.
// Renaming, tagging, deleting and opening a run go through here.

import type { ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import type { StudioBackend } from '../../shared/backend';
import type { EventOf } from '../../shared/protocol';
import { RunKeeper, type RunSource } from '../../shared/runs/keeper';
import type { ReadRuns, RunLabels, RunRecord } from '../../shared/runs/record';
import { newRunId, RunRecorder } from '../../shared/runs/recorder';

export type RunBackend = Pick<
  StudioBackend,
  'saveRun' | 'listRuns' | 'runModel' | 'relabelRun' | 'deleteRun'
>;

export type Notify = (text: string, tone?: 'info' | 'problem') => void;

/** A run starting: the model as sent, what the worker made of it, and the client to follow. */
export interface RunBeginning {
  document: ModelDocument;
  loaded: EventOf<'loaded'>;
  source: RunSource;
}

/** The sentence of a host's error, without what Electron's IPC wraps around it. */
export function hostMessage(error: unknown): string {
  return messageOf(error)
    .replace(/^Error invoking remote method '[^']*': /, '')
    .replace(/^\w*Error: /, '');
}

export class RunLibrary {
  /** Oldest first; the run training now among them once it has been saved. */
  runs: readonly RunRecord[] = $state.raw([]);
  /** Records that could not be read, skipped. */
  problems: ReadRuns['problems'] = $state.raw([]);
  /** Whether the kept runs have been read. */
  ready = $state(false);
  /** The run being recorded now, if any. */
  live: string | null = $state(null);
  /** The run begun last: its weights are the ones that went into the editor's model. */
  latest: string | null = null;
  #keeper: RunKeeper | null = null;
  #reading: Promise<void> | null = null;

  constructor(
    private readonly backend: RunBackend,
    private readonly notify: Notify,
    // A timestamp taken once, never watched.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Reads the kept runs, the first time it is asked. */
  load(): Promise<void> {
    this.#reading ??= this.#read();
    return this.#reading;
  }

  /** Resolves once the run being recorded now has ended and its last save was tried; null with none. */
  get liveEnded(): Promise<void> | null {
    return this.#keeper?.ended ?? null;
  }

  /** Records a run from its start to its end, saving it as it goes. */
  begin({ document, loaded, source }: RunBeginning): void {
    this.#keeper?.close();
    const startedAt = this.clock();
    const recorder = new RunRecorder({
      id: newRunId(startedAt),
      startedAt,
      model: document,
      loaded,
    });
    const sink = {
      save: async (parts: { record: RunRecord; trained: ModelDocument }) => {
        try {
          await this.backend.saveRun(parts.record, JSON.stringify(parts.trained));
        } catch (error) {
          throw new Error(hostMessage(error));
        }
        this.#put(parts.record);
      },
    };
    const keeper = new RunKeeper(recorder, source, sink, (message) =>
      this.notify(`The run could not be saved: ${message}. Training goes on.`, 'problem'),
    );
    this.#keeper = keeper;
    this.live = keeper.id;
    this.latest = keeper.id;
    void keeper.ended.then(() => {
      if (this.#keeper !== keeper) return;
      this.#keeper = null;
      this.live = null;
    });
  }

  /** Renames, re-notes or re-tags a run; resolves false (having said why) when it could not. */
  async relabel(id: string, labels: RunLabels): Promise<boolean> {
    try {
      const record =
        this.#keeper?.id === id
          ? this.#keeper.relabel(labels)
          : await this.backend.relabelRun(id, labels);
      this.#put(record);
      return true;
    } catch (error) {
      this.notify(
        `Could not save the run's name, tags and notes: ${hostMessage(error)}`,
        'problem',
      );
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    if (id === this.live) {
      this.notify('The run is still training: stop it first.', 'problem');
      return;
    }
    try {
      await this.backend.deleteRun(id);
      this.runs = this.runs.filter((run) => run.id !== id);
    } catch (error) {
      this.notify(`Could not delete the run: ${hostMessage(error)}`, 'problem');
    }
  }

  /** The text of the run's model document with its weights, or null (having said why). */
  async modelText(id: string): Promise<string | null> {
    try {
      return await this.backend.runModel(id);
    } catch (error) {
      this.notify(`Could not open the run's model: ${hostMessage(error)}`, 'problem');
      return null;
    }
  }

  async #read(): Promise<void> {
    try {
      const { runs, problems } = await this.backend.listRuns();
      // Runs saved while reading are newer than what was read.
      const unread = this.runs.filter((run) => !runs.some((kept) => kept.id === run.id));
      this.runs = [...runs, ...unread];
      this.problems = problems;
      if (problems.length > 0) {
        const [first] = problems;
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
        this.notify(
          `A run record could not be read and was skipped${more}: ${first.source}: ${first.message}`,
          'problem',
        );
      }
    } catch (error) {
      this.#reading = null;
      this.notify(`Could not read the kept runs: ${hostMessage(error)}`, 'problem');
    } finally {
      this.ready = true;
    }
  }

  #put(record: RunRecord): void {
    const index = this.runs.findIndex((run) => run.id === record.id);
    this.runs =
      index < 0
        ? [...this.runs, record]
        : [...this.runs.slice(0, index), record, ...this.runs.slice(index + 1)];
  }
}
