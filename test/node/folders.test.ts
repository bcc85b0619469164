import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWritable, makeFolders, WriteError } from '../../src/node/folders';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-studio-folders-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

describe('makeFolders', () => {
  it('creates the folders missing above a path, and is content when they exist', async () => {
    const deep = join(folder, 'a', 'b', 'c');
    await makeFolders(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await makeFolders(deep);
    await makeFolders(folder);
    expect(await readdir(folder)).toEqual(['a']);
  });

  it('refuses a path below a file, naming the file', async () => {
    const file = join(folder, 'model.json');
    await writeFile(file, '{}');
    await expect(makeFolders(join(file, 'x', 'y'))).rejects.toEqual(
      new WriteError(`cannot create ${join(file, 'x', 'y')}: ${file} is a file, not a folder`),
    );
  });

  it.runIf(process.platform === 'linux')(
    'refuses a folder under /proc at once, where Node’s recursive mkdir spins forever',
    async () => {
      await expect(makeFolders('/proc/cnn-studio/a/b')).rejects.toEqual(
        new WriteError('cannot create /proc/cnn-studio: /proc takes no new folders'),
      );
    },
  );
});

describe('checkWritable', () => {
  it('accepts a new file or an existing one in a folder that exists, leaving nothing behind', async () => {
    await checkWritable(join(folder, 'new.json'));
    await writeFile(join(folder, 'old.json'), 'keep');
    await checkWritable(join(folder, 'old.json'));
    expect(await readdir(folder)).toEqual(['old.json']);
  });

  it('refuses a missing folder, a folder in place of the file, and a path below a file', async () => {
    const missing = join(folder, 'missing', 'a.json');
    await expect(checkWritable(missing)).rejects.toEqual(
      new WriteError(`cannot write ${missing}: there is no folder ${join(folder, 'missing')}`),
    );
    await mkdir(join(folder, 'taken'));
    await expect(checkWritable(join(folder, 'taken'))).rejects.toEqual(
      new WriteError(`cannot write ${join(folder, 'taken')}: it is a folder`),
    );
    await writeFile(join(folder, 'file'), '');
    await expect(checkWritable(join(folder, 'file', 'a.json'))).rejects.toEqual(
      new WriteError(
        `cannot write ${join(folder, 'file', 'a.json')}: part of the path is a file, not a folder`,
      ),
    );
  });
});
