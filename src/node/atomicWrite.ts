// Writes a file so that a crash, a kill or a power cut at any moment leaves either the old content
// or the new one, never a mix: the data goes to a temporary file in the same folder (a rename is
// only atomic within one file system), is flushed to disk, and then replaces the target by rename.
// A write killed before its rename leaves its temporary file behind; it names the process that
// made it, and the next write of the same file removes those of processes no longer running.

import { randomBytes } from 'node:crypto';
import { open, readdir, readlink, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Windows refuses a rename while another program (an indexer, a virus scanner) holds the file. */
const BUSY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_ATTEMPTS = 5;

/**
 * A new temporary file's path beside `path`: `.<name>.<pid>.<12 hex digits>.tmp`. It starts with a
 * dot so file managers hide it, the process id says whose it is, and the random part keeps
 * concurrent writers of one process apart.
 */
export function temporaryPathFor(path: string): string {
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
}

/** The process that made `entry` if it is a temporary file of `name`'s writes, else null. */
function temporaryOwner(name: string, entry: string): number | null {
  const prefix = `.${name}.`;
  if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) return null;
  const match = /^(\d+)\.[0-9a-f]{12}$/.exec(entry.slice(prefix.length, -'.tmp'.length));
  return match ? Number(match[1]) : null;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files that killed writes of `path` left: those of processes now gone. */
async function removeLeftovers(path: string): Promise<void> {
  const folder = dirname(path);
  const name = basename(path);
  const entries = await readdir(folder).catch(() => []);
  for (const entry of entries) {
    const owner = temporaryOwner(name, entry);
    // One that cannot be removed stays for a later write: the save itself must not fail for it.
    if (owner !== null && !isRunning(owner)) {
      await rm(join(folder, entry), { force: true }).catch(() => undefined);
    }
  }
}

/**
 * Writes `data` to `path`. Through a symbolic link it writes the file the link names, so the link
 * stays a link (a rename onto the link itself would replace it with a file).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = await linkTarget(path);
  await removeLeftovers(target);
  const folder = dirname(target);
  const temporary = temporaryPathFor(target);
  const mode = await existingMode(target);
  const handle = await open(temporary, 'wx', mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      // open() applied the umask; an existing file keeps exactly the permissions it had.
      if (mode !== null) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Links a path may go through before it counts as a loop, as Linux's own limit. */
const MAX_LINKS = 40;

/** The path with every symbolic link at its end followed, whether or not the last target exists. */
async function linkTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let links = 0; links < MAX_LINKS; links++) {
    let target: string;
    try {
      target = await readlink(current);
    } catch (error) {
      // Not a link (EINVAL; UNKNOWN on some Windows file systems), or nothing there yet.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EINVAL' || code === 'ENOENT' || code === 'UNKNOWN') return current;
      throw error;
    }
    current = resolve(dirname(current), target);
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, ${path}`), { code: 'ELOOP' });
}

async function existingMode(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return null;
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (process.platform !== 'win32' || !BUSY_CODES.has(code) || attempt === RENAME_ATTEMPTS) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** Flushes the folder entry so the rename itself survives a power cut (POSIX; Windows has no such call). */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
