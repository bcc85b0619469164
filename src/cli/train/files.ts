import { readFile } from 'node:fs/promises';
import { messageOf } from '../../engine/errors';
import { writeFileAtomic } from '../../node/atomicWrite';
import { describeFileError } from '../../node/folders';
import { sanitizeMessage } from '../../engine/quote';

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
    throw new FileError(`${path} is not valid JSON: ${sanitizeMessage(messageOf(error))}`);
  }
}

/** Writes atomically (writeFileAtomic: flushed to disk, file and folder); errors name the file. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    throw new FileError(`cannot write ${path}: ${describeFileError(error)}`);
  }
}
