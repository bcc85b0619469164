import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileError, writeJsonAtomically } from '../../src/cli/train/files';
import { countSyncs } from '../node/fixtures/syncs';

// The training CLI's `--out` write.

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-studio-cli-files-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('writeJsonAtomically', () => {
  it('writes the JSON, replacing what was there, and leaves nothing else', async () => {
    const path = join(folder, 'trained.json');
    await writeFile(path, 'old');
    await writeJsonAtomically(path, { a: [1, 2] });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
    expect(await readdir(folder)).toEqual(['trained.json']);
  });

  it.skipIf(process.platform === 'win32')(
    'flushes the file and its folder to disk, so a power cut keeps the trained model',
    async () => {
      const synced = await countSyncs(folder, () =>
        writeJsonAtomically(join(folder, 'trained.json'), {}),
      );
      expect(synced).toBe(2);
    },
  );

  it('names the file and says in words why it cannot be written', async () => {
    await mkdir(join(folder, 'taken'));
    await writeFile(join(folder, 'taken', 'inside'), '');
    const path = join(folder, 'taken');
    await expect(writeJsonAtomically(path, {})).rejects.toEqual(
      new FileError(`cannot write ${path}: it is a folder`),
    );
  });
});
