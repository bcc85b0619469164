// The web edition's runs: IndexedDB, one entry per run in each of two stores, the record's text
// and the trained model's text (the two files of a desktop run folder). Records are read back
// through the same check as on disk, so a damaged entry is reported and skipped.

import { messageOf } from '../../engine/errors';
import type { StudioBackend } from '../../shared/backend';
import {
  parseRunRecord,
  readRunTexts,
  readTrainedText,
  recordText,
  relabelRecord,
  type RunText,
} from '../../shared/runs/record';

export type RunCalls = Pick<
  StudioBackend,
  'saveRun' | 'listRuns' | 'runModel' | 'relabelRun' | 'deleteRun'
>;

const DATABASE = 'cnn-studio-runs';
const RECORDS = 'records';
const MODELS = 'models';

function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when the transaction has committed; a full quota aborts it with QuotaExceededError. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('the write was abandoned'));
    transaction.onerror = (event) => event.preventDefault(); // reported once, by onabort
  });
}

/** What went wrong with the browser's storage, in words. */
function storageProblem(what: string, error: unknown): Error {
  const name = (error as { name?: string } | null)?.name;
  const reason =
    name === 'QuotaExceededError'
      ? "the browser's storage for this site is full"
      : messageOf(error);
  return new Error(`cannot ${what}: ${reason}`);
}

export function webRuns(factory: IDBFactory = indexedDB): RunCalls {
  let database: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    database ??= new Promise((resolve, reject) => {
      const request = factory.open(DATABASE, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(RECORDS);
        request.result.createObjectStore(MODELS);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('another tab holds an older version of the runs'));
    });
    database.catch(() => (database = null));
    return database;
  };

  /** Runs `task` in one transaction over both stores and waits for it to commit. */
  async function within<T>(
    what: string,
    mode: IDBTransactionMode,
    task: (records: IDBObjectStore, models: IDBObjectStore) => Promise<T>,
  ): Promise<T> {
    try {
      const transaction = (await open()).transaction([RECORDS, MODELS], mode);
      const done = committed(transaction);
      // Awaited below; a task that fails first must not leave its rejection unhandled.
      done.catch(() => undefined);
      const result = await task(transaction.objectStore(RECORDS), transaction.objectStore(MODELS));
      await done;
      return result;
    } catch (error) {
      throw storageProblem(what, error);
    }
  }

  return {
    async saveRun(record, trained) {
      const checked = parseRunRecord(record);
      readTrainedText(trained);
      await within(`save run "${checked.name}"`, 'readwrite', async (records, models) => {
        models.put(trained, checked.id);
        records.put(recordText(checked), checked.id);
      });
    },
    listRuns: () =>
      within('read the runs', 'readonly', async (records) => {
        const ids = (await requested(records.getAllKeys())) as string[];
        const texts = (await requested(records.getAll())) as unknown[];
        const entries: RunText[] = ids.map((id, i) => ({
          source: `run ${id}`,
          id,
          text: typeof texts[i] === 'string' ? texts[i] : '',
        }));
        return readRunTexts(entries);
      }),
    runModel: (id) =>
      within(`read the model of run ${id}`, 'readonly', async (_records, models) => {
        const text: unknown = await requested(models.get(id));
        if (typeof text !== 'string') throw new Error('it is not there');
        return text;
      }),
    relabelRun: (id, labels) =>
      within(`rename run ${id}`, 'readwrite', async (records) => {
        const text: unknown = await requested(records.get(id));
        if (typeof text !== 'string') throw new Error('it is not there');
        const relabelled = relabelRecord(parseRunRecord(JSON.parse(text)), labels);
        records.put(recordText(relabelled), id);
        return relabelled;
      }),
    deleteRun: (id) =>
      within(`delete run ${id}`, 'readwrite', async (records, models) => {
        records.delete(id);
        models.delete(id);
      }),
  };
}
