// The File ▸ Open Recent list: most recent first, no duplicates, at most ten, kept in a JSON file.

import { homedir } from 'node:os';
import { basename, dirname, relative, sep } from 'node:path';
import * as v from 'valibot';
import { JsonStore } from './jsonFile';

export const MAX_RECENT = 10;

const RecentSchema = v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(4096)));

/** The list with `path` moved (or added) to the front. */
export function withRecent(list: readonly string[], path: string): string[] {
  return [path, ...list.filter((entry) => entry !== path)].slice(0, MAX_RECENT);
}

export function withoutRecent(list: readonly string[], path: string): string[] {
  return list.filter((entry) => entry !== path);
}

/** A menu label: the file name, then its folder with the home folder shortened to `~`. */
export function recentLabel(path: string, home: string = homedir()): string {
  const folder = dirname(path);
  const inHome = relative(home, folder);
  const shown =
    inHome === ''
      ? '~'
      : inHome.startsWith('..') || inHome === folder
        ? folder
        : `~${sep}${inHome}`;
  return `${basename(path)} — ${shown}`;
}

export class RecentFiles {
  private list: string[] = [];
  private readonly store: JsonStore<string[]>;

  constructor(file: string, onError: (error: unknown) => void) {
    this.store = new JsonStore(file, RecentSchema, onError);
  }

  async load(): Promise<readonly string[]> {
    this.list = ((await this.store.read()) ?? []).slice(0, MAX_RECENT);
    return this.list;
  }

  flushed(): Promise<void> {
    return this.store.flushed();
  }

  get paths(): readonly string[] {
    return this.list;
  }

  add(path: string): readonly string[] {
    return this.update(withRecent(this.list, path));
  }

  remove(path: string): readonly string[] {
    return this.update(withoutRecent(this.list, path));
  }

  clear(): readonly string[] {
    return this.update([]);
  }

  private update(list: string[]): readonly string[] {
    this.list = list;
    void this.store.write(list);
    return list;
  }
}
