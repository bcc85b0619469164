// Small JSON files the app keeps in its user-data folder (window state, recent files): read
// through a schema, written atomically. A missing, unreadable or malformed file reads as null, so
// a damaged settings file costs the setting, never the start of the app.

import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { writeFileAtomic } from '../node/atomicWrite';

async function readJsonFile<T>(
  path: string,
  schema: v.GenericSchema<unknown, T>,
): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const result = v.safeParse(schema, json);
  return result.success ? result.output : null;
}

function writeJsonFile(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** One JSON file whose writes happen one at a time, in order, so an older value never lands last. */
export class JsonStore<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly schema: v.GenericSchema<unknown, T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  read(): Promise<T | null> {
    return readJsonFile(this.path, this.schema);
  }

  write(value: T): Promise<void> {
    this.writing = this.writing.then(() => writeJsonFile(this.path, value)).catch(this.onError);
    return this.writing;
  }

  /** Resolves when every write started so far has finished. */
  flushed(): Promise<void> {
    return this.writing;
  }
}
