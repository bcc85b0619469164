// Creating folders and checking that a file can be written, each failing at once in words.
// Node's own `mkdir(…, { recursive: true })` spins forever at full CPU where mkdir answers ENOENT
// for a parent that exists (under /proc, on Linux), so folders are made one level at a time.

import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { messageOf } from '../engine/errors';
import { temporaryPathFor } from './atomicWrite';

/** A folder or file that cannot be written, already phrased as the sentence to show. */
export class WriteError extends Error {
  override readonly name = 'WriteError';
}

/** A file system error in words a person can act on. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOENT':
      return 'it is not there';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return messageOf(error);
  }
}

/** Creates `path` and the folders missing above it; a WriteError says which could not be made. */
export async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      // Missing, or below a file: which it is shows one level up.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw new WriteError(`cannot create ${path}: ${at}: ${describeFileError(error)}`);
    });
    if (info?.isDirectory()) break;
    if (info) throw new WriteError(`cannot create ${path}: ${at} is a file, not a folder`);
    missing.push(at);
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // Its parent exists (it was made or found just before), yet the kernel says it does not.
      const reason =
        code === 'ENOENT' ? `${dirname(folder)} takes no new folders` : describeFileError(error);
      throw new WriteError(`cannot create ${folder}: ${reason}`);
    }
  }
}

/**
 * Checks, before any work goes into it, that `path` can be written as writeFileAtomic writes it: its
 * folder exists and takes a new file, and `path` is not a folder. Throws a WriteError saying why not.
 */
export async function checkWritable(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new WriteError(`cannot write ${path}: it is a folder`);
  const probe = temporaryPathFor(path);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const why = missing ? `there is no folder ${dirname(path)}` : describeFileError(error);
    throw new WriteError(`cannot write ${path}: ${why}`);
  }
  await rm(probe, { force: true });
}
