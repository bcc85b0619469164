// Autosave and crash recovery. While the app runs, a marker file says a session is open, and the
// working document and the last trained model are written (atomically) to their slots. A clean
// exit removes it all. If a start finds the marker, the last session crashed or was killed: its
// slots move aside as the recovery, which the page is offered once, and which stays on disk until
// a later session ends cleanly, so a second crash before the user decides loses nothing either.

import { access, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../node/atomicWrite';
import { makeFolders } from '../node/folders';

/** `document`: the model being edited. `trained`: the model document with the last trained weights. */
export const AUTOSAVE_SLOTS = ['document', 'trained'] as const;
export type AutosaveSlot = (typeof AUTOSAVE_SLOTS)[number];

const MARKER = 'session.json';

export class AutosaveStore {
  private readonly offered = new Set<AutosaveSlot>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly folder: string) {}

  /**
   * Starts a session in `folder`: sets aside what an unclean previous session left, then writes
   * the marker. Only one process may use a folder at a time (the app holds the single-instance lock).
   */
  static async open(folder: string): Promise<AutosaveStore> {
    await makeFolders(folder);
    const store = new AutosaveStore(folder);
    const unclean = await exists(store.path(MARKER));
    for (const slot of AUTOSAVE_SLOTS) {
      // A newer autosave replaces an older recovery; with none, an older recovery is kept.
      if (unclean) await renameIfExists(store.slotPath(slot), store.recoveryPath(slot));
      else await store.removeSlot(slot, { recovery: true });
    }
    await writeFileAtomic(
      store.path(MARKER),
      JSON.stringify({ pid: process.pid, started: new Date().toISOString() }),
    );
    return store;
  }

  /** Replaces the slot's content. Writes run one at a time, in order, so the newest lands last. */
  write(slot: AutosaveSlot, text: string): Promise<void> {
    return this.enqueue(() => writeFileAtomic(this.slotPath(slot), text));
  }

  /** Forgets the slot's content: the document was saved, or closed without saving on purpose. */
  discard(slot: AutosaveSlot): Promise<void> {
    return this.enqueue(() => this.removeSlot(slot, { recovery: false }));
  }

  /**
   * What an unclean session left in the slot, the first time it is asked for; null after that
   * (a page that reloads is not offered the same recovery twice) or when there is none.
   */
  async takeRecovered(slot: AutosaveSlot): Promise<string | null> {
    if (this.offered.has(slot)) return null;
    this.offered.add(slot);
    try {
      return await readFile(this.recoveryPath(slot), 'utf8');
    } catch {
      return null;
    }
  }

  /** Ends the session cleanly: slots, recoveries and the marker go. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      for (const slot of AUTOSAVE_SLOTS) await this.removeSlot(slot, { recovery: true });
      await rm(this.path(MARKER), { force: true });
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.writing.then(task);
    // A failed write must not block the ones after it; the caller still sees its own failure.
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async removeSlot(slot: AutosaveSlot, { recovery }: { recovery: boolean }): Promise<void> {
    await rm(this.slotPath(slot), { force: true });
    if (recovery) await rm(this.recoveryPath(slot), { force: true });
  }

  private path(name: string): string {
    return join(this.folder, name);
  }

  private slotPath(slot: AutosaveSlot): string {
    return this.path(`${slot}.cnn.json`);
  }

  private recoveryPath(slot: AutosaveSlot): string {
    return this.path(`${slot}.recovered.cnn.json`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
