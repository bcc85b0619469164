// Runs on disk, a folder per run: `<root>/<id>/run.json` (the record, docs/run-record.md) and
// `<root>/<id>/model.cnn.json` (the model with the run's weights, a file the app opens as any
// other). Both are written atomically, the model first, so a record never names weights that are
// not there yet. The desktop app keeps its runs this way under its user data; the CLI in `--runs DIR`.

import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseRunRecord,
  readRunTexts,
  recordText,
  relabelRecord,
  RUN_ID,
  RunRecordError,
  type ReadRuns,
  type RunText,
  type RunLabels,
  type RunParts,
  type RunRecord,
} from '../shared/runs/record';
import { writeFileAtomic } from './atomicWrite';
import { describeFileError, makeFolders } from './folders';
import { quote } from '../engine/quote';

export const RECORD_FILE = 'run.json';
export const MODEL_FILE = 'model.cnn.json';

/** A run that could not be written or read, said in one sentence. */
export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
}

type Write = (path: string, data: string) => Promise<void>;

export class RunFolders {
  /** Writes of each run, one at a time, so an older save never lands last. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    readonly root: string,
    private readonly write: Write = writeFileAtomic,
  ) {}

  async save({ record, trained }: RunParts): Promise<void> {
    const folder = this.folder(record.id);
    return this.queue(record.id, async () => {
      await this.attempt(`save run ${quote(record.name)}`, async () => {
        await makeFolders(folder);
        await this.write(join(folder, MODEL_FILE), `${JSON.stringify(trained)}\n`);
        await this.write(join(folder, RECORD_FILE), recordText(record));
      });
    });
  }

  /** Every run's record, oldest first; a record that cannot be read is a problem, not an error. */
  async list(): Promise<ReadRuns> {
    let names: string[];
    try {
      names = (await readdir(this.root, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory() && RUN_ID.test(entry.name))
        .map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], problems: [] };
      throw new RunStoreError(`cannot read the runs in ${this.root}: ${describeFileError(error)}`);
    }
    const entries: RunText[] = [];
    const unreadable: ReadRuns['problems'] = [];
    for (const id of names) {
      const source = join(this.root, id, RECORD_FILE);
      try {
        entries.push({ source, id, text: await readFile(source, 'utf8') });
      } catch (error) {
        // A folder whose first save was cut short holds no record yet: nothing to list.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT')
          unreadable.push({ source, message: `cannot read it: ${describeFileError(error)}` });
      }
    }
    const read = readRunTexts(entries);
    read.problems.push(...unreadable);
    return read;
  }

  /** The text of the run's model document, with its weights. */
  async trained(id: string): Promise<string> {
    const path = join(this.folder(id), MODEL_FILE);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new RunStoreError(`cannot read the model of run ${id}: ${describeFileError(error)}`);
    }
  }

  /** Renames, re-notes or re-tags a run; resolves with the record as saved. */
  async relabel(id: string, labels: RunLabels): Promise<RunRecord> {
    const path = join(this.folder(id), RECORD_FILE);
    let saved: RunRecord | null = null;
    await this.queue(id, async () => {
      const record = await this.attempt(`read run ${id}`, async () =>
        parseRunRecord(JSON.parse(await readFile(path, 'utf8'))),
      );
      const relabelled = relabelRecord(record, labels);
      await this.attempt(`save run ${quote(relabelled.name)}`, () =>
        this.write(path, recordText(relabelled)),
      );
      saved = relabelled;
    });
    return saved!;
  }

  /** Deletes the run's folder. */
  async remove(id: string): Promise<void> {
    const folder = this.folder(id);
    return this.queue(id, () =>
      this.attempt(`delete run ${id}`, () => rm(folder, { recursive: true, force: true })),
    );
  }

  private folder(id: string): string {
    if (!RUN_ID.test(id)) throw new RunStoreError(`${quote(id)} is not a run id`);
    return join(this.root, id);
  }

  private queue(id: string, task: () => Promise<void>): Promise<void> {
    const previous = this.writing.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.writing.set(id, next);
    const forget = () => {
      if (this.writing.get(id) === next) this.writing.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  private async attempt<T>(what: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof RunStoreError || error instanceof RunRecordError) throw error;
      throw new RunStoreError(`cannot ${what}: ${describeFileError(error)}`);
    }
  }
}
