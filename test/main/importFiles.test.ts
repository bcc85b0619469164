// File ▸ Import… in the desktop app's main process: the chosen file is checked by its size and
// handed to the page in pieces, only by the handle of the last choice.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportFiles } from '../../src/main/importFiles';
import { IMPORT_CHUNK_BYTES } from '../../src/shared/backend';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-studio-imports-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

/** Answers each dialog with the next path (null: cancelled) and records where it started. */
function imports(...answers: (string | null)[]) {
  const started: string[] = [];
  const files = new ImportFiles(
    {
      chooseFileToOpen: async ({ defaultPath, filters }) => {
        expect(filters[0]).toEqual({ name: 'ONNX model', extensions: ['onnx'] });
        started.push(defaultPath);
        return answers.shift() ?? null;
      },
    },
    folder,
  );
  return { files, started };
}

function bytesOf(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 13) % 256;
  return bytes;
}

describe('import files', () => {
  it('hands out the chosen file in pieces of IMPORT_CHUNK_BYTES, the last one shorter', async () => {
    const path = join(folder, 'big.onnx');
    const content = bytesOf(IMPORT_CHUNK_BYTES + 1000);
    await writeFile(path, content);
    const { files, started } = imports(path);
    const ref = await files.choose();
    expect(ref).toEqual({ handle: 1, name: 'big.onnx', size: content.length });
    expect(started).toEqual([folder]);
    const first = await files.read(1, 0);
    const last = await files.read(1, IMPORT_CHUNK_BYTES);
    expect(first.length).toBe(IMPORT_CHUNK_BYTES);
    expect(Buffer.from(last).equals(Buffer.from(content.subarray(IMPORT_CHUNK_BYTES)))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(content.subarray(0, IMPORT_CHUNK_BYTES)))).toBe(
      true,
    );
    expect((await files.read(1, content.length)).length).toBe(0);
  });

  it('returns null when the dialog is cancelled', async () => {
    expect(await imports(null).files.choose()).toBeNull();
  });

  it('reads only the last file chosen, by its handle, and nothing past its end', async () => {
    const a = join(folder, 'a.onnx');
    const b = join(folder, 'b.onnx');
    await writeFile(a, bytesOf(10));
    await writeFile(b, bytesOf(20));
    const { files, started } = imports(a, b);
    await files.choose();
    expect((await files.choose())?.handle).toBe(2);
    expect(started).toEqual([folder, folder]);
    await expect(files.read(1, 0)).rejects.toThrow('That file is no longer open for import.');
    await expect(files.read(3, 0)).rejects.toThrow('That file is no longer open for import.');
    await expect(files.read(2, 21)).rejects.toThrow('b.onnx ends before byte 21.');
    expect((await files.read(2, 0)).length).toBe(20);
  });

  it('refuses an empty file and one over 2 GB in one line, before reading them', async () => {
    const empty = join(folder, 'empty.onnx');
    const huge = join(folder, 'huge.onnx');
    await writeFile(empty, '');
    // Sparse: 2 GB long, nothing written.
    const handle = await open(huge, 'w');
    await handle.truncate(2 ** 31);
    await handle.close();
    const { files } = imports(empty, huge, folder);
    await expect(files.choose()).rejects.toThrow(
      /^empty\.onnx was not imported\. The file is empty: it is not an ONNX model\.$/,
    );
    await expect(files.choose()).rejects.toThrow(
      /^huge\.onnx was not imported\. The file is 2\.1 GB: an ONNX file holds at most 2 GB/,
    );
    await expect(files.choose()).rejects.toThrow(/is not a file\.$/);
  });
});
