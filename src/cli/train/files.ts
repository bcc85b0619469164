import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { messageOf } from '../../engine/errors';

/** A file problem, already phrased as the one line to show. */
export class FileError extends Error {
  override readonly name = 'FileError';
}

/** Reads and parses a JSON file; its errors name the file and say what is wrong. */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (code ?? 'unreadable');
    throw new FileError(`cannot read ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FileError(`${path} is not valid JSON: ${messageOf(error)}`);
  }
}

/** Writes through a temporary file beside the target, so an interrupted write never leaves half a file. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new FileError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`,
    );
  }
}
