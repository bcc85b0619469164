import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FileError,
  FileService,
  MAX_FILE_BYTES,
  withModelExtension,
  type Dialogs,
} from '../../src/main/fileService';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnn-studio-files-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

/**
 * Dialogs that answer with the queued answers (a path, null: the user cancels, or whether to
 * replace a file) and record what they were asked.
 */
function scriptedDialogs(...answers: (string | null | boolean)[]) {
  const asked: {
    kind: 'open' | 'save' | 'replace';
    defaultPath?: string;
    title?: string;
    path?: string;
  }[] = [];
  const next = <T extends string | null | boolean>(kind: string): T => {
    if (answers.length === 0)
      throw new Error(`a ${kind} dialog opened that the test did not expect`);
    return (answers.shift() ?? null) as T;
  };
  const dialogs: Dialogs = {
    chooseFileToOpen: async ({ defaultPath }) => {
      asked.push({ kind: 'open', defaultPath });
      return next<string | null>('open');
    },
    chooseSaveLocation: async ({ defaultPath, title }) => {
      asked.push({ kind: 'save', defaultPath, title });
      return next<string | null>('save');
    },
    confirmReplace: async ({ path }) => {
      asked.push({ kind: 'replace', path });
      return next<boolean>('replace');
    },
  };
  return { dialogs, asked };
}

function service(dialogs: Dialogs, onFileUsed = vi.fn()) {
  return new FileService({ dialogs, defaultFolder: folder, onFileUsed });
}

describe('opening', () => {
  it('reads the chosen file and remembers it for Open Recent', async () => {
    const path = join(folder, 'LeNet-5.cnn.json');
    await writeFile(path, '\uFEFF{"format":"cnn-studio/model"}');
    const { dialogs, asked } = scriptedDialogs(path);
    const onFileUsed = vi.fn();
    expect(await service(dialogs, onFileUsed).openFile()).toEqual({
      name: 'LeNet-5.cnn.json',
      path,
      text: '{"format":"cnn-studio/model"}',
    });
    expect(asked).toEqual([{ kind: 'open', defaultPath: folder }]);
    expect(onFileUsed).toHaveBeenCalledExactlyOnceWith(path);
  });

  it('returns null when the user cancels', async () => {
    expect(await service(scriptedDialogs(null).dialogs).openFile()).toBeNull();
  });

  it('says why a file cannot be opened', async () => {
    const files = service(scriptedDialogs().dialogs);
    await expect(files.openPath(join(folder, 'gone.cnn.json'))).rejects.toThrow(
      'gone.cnn.json could not be opened: it does not exist.',
    );
    await expect(files.openPath(folder)).rejects.toThrow(FileError);
    const binary = join(folder, 'weights.bin');
    await writeFile(binary, new Uint8Array([0xff, 0xfe, 0x00, 0xc3]));
    await expect(files.openPath(binary)).rejects.toThrow('weights.bin is not a text file.');
  });

  it('refuses a file too large to be a model without reading it', async () => {
    const huge = join(folder, 'huge.json');
    await writeFile(huge, '');
    await (await import('node:fs/promises')).truncate(huge, MAX_FILE_BYTES + 1);
    await expect(service(scriptedDialogs().dialogs).openPath(huge)).rejects.toThrow(/too large/);
  });
});

describe('saving', () => {
  it('asks where to save a new document, adding the model extension', async () => {
    const { dialogs, asked } = scriptedDialogs(join(folder, 'mine'));
    const result = await service(dialogs).saveFile({
      path: null,
      suggestedName: 'Untitled.cnn.json',
      text: '{}',
      saveAs: false,
    });
    expect(result).toEqual({ name: 'mine.cnn.json', path: join(folder, 'mine.cnn.json') });
    expect(await readFile(join(folder, 'mine.cnn.json'), 'utf8')).toBe('{}');
    expect(asked).toEqual([
      { kind: 'save', title: 'Save model', defaultPath: join(folder, 'Untitled.cnn.json') },
    ]);
  });

  it('asks before replacing the file a name typed without its extension turns out to be', async () => {
    // The dialog's own check saw "doc", which does not exist; doc.cnn.json does.
    const existing = join(folder, 'doc.cnn.json');
    await writeFile(existing, 'precious');
    const request = { path: null, suggestedName: 'Untitled.cnn.json', text: '{}', saveAs: false };
    const declined = scriptedDialogs(join(folder, 'doc'), false);
    expect(await service(declined.dialogs).saveFile(request)).toBeNull();
    expect(await readFile(existing, 'utf8')).toBe('precious');
    expect(declined.asked.map((a) => a.kind)).toEqual(['save', 'replace']);
    expect(declined.asked[1]).toEqual({ kind: 'replace', path: existing });

    const accepted = scriptedDialogs(join(folder, 'doc'), true);
    expect(await service(accepted.dialogs).saveFile(request)).toEqual({
      name: 'doc.cnn.json',
      path: existing,
    });
    expect(await readFile(existing, 'utf8')).toBe('{}');
    // A name the dialog returned whole was the dialog's to confirm: no second question.
    const whole = scriptedDialogs(existing);
    await service(whole.dialogs).saveFile({ ...request, text: '{"again":1}' });
    expect(whole.asked.map((a) => a.kind)).toEqual(['save']);
    expect(await readdir(folder)).toEqual(['doc.cnn.json']);
  });

  it.skipIf(process.platform === 'win32')(
    'saves through a symbolic link into the file it names, keeping the link',
    async () => {
      const real = join(folder, 'models', 'real.cnn.json');
      await mkdir(join(folder, 'models'));
      await writeFile(real, 'old');
      const link = join(folder, 'link.cnn.json');
      await symlink(join('models', 'real.cnn.json'), link);
      const files = service(scriptedDialogs().dialogs);
      await files.openPath(link);
      await files.saveFile({ path: link, suggestedName: 'x', text: 'new', saveAs: false });
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(await readlink(link)).toBe(join('models', 'real.cnn.json'));
      expect(await readFile(real, 'utf8')).toBe('new');
      expect((await readdir(folder)).sort()).toEqual(['link.cnn.json', 'models']);
      expect(await readdir(join(folder, 'models'))).toEqual(['real.cnn.json']);
    },
  );

  it('saves again to the same file without asking, and Save As asks', async () => {
    const target = join(folder, 'net.cnn.json');
    const { dialogs, asked } = scriptedDialogs(target, join(folder, 'copy.cnn.json'));
    const files = service(dialogs);
    const request = { path: null, suggestedName: 'net.cnn.json', text: 'v1', saveAs: false };
    await files.saveFile(request);
    await files.saveFile({ ...request, path: target, text: 'v2' });
    expect(await readFile(target, 'utf8')).toBe('v2');
    expect(asked).toHaveLength(1);

    await files.saveFile({ ...request, path: target, text: 'v3', saveAs: true });
    expect(asked[1]).toEqual({ kind: 'save', title: 'Save model', defaultPath: target });
    expect(await readFile(join(folder, 'copy.cnn.json'), 'utf8')).toBe('v3');
  });

  it('asks before writing to a path the user never chose, so the page cannot pick one', async () => {
    const victim = join(folder, '.bashrc');
    await writeFile(victim, 'original');
    const { dialogs, asked } = scriptedDialogs(null);
    const result = await service(dialogs).saveFile({
      path: victim,
      suggestedName: 'x.cnn.json',
      text: 'overwritten',
      saveAs: false,
    });
    expect(result).toBeNull();
    expect(asked).toHaveLength(1);
    expect(await readFile(victim, 'utf8')).toBe('original');
  });

  it('saves without asking to a file opened in this session', async () => {
    const path = join(folder, 'opened.cnn.json');
    await writeFile(path, 'old');
    const { dialogs, asked } = scriptedDialogs();
    const files = service(dialogs);
    await files.openPath(path);
    await files.saveFile({ path, suggestedName: 'opened.cnn.json', text: 'new', saveAs: false });
    expect(asked).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await files.readSaved(path)).toBe('new');
    expect(await files.readSaved(join(folder, 'other.json'))).toBeNull();
  });
});

describe('exporting', () => {
  it('writes a single file where the user says', async () => {
    const { dialogs, asked } = scriptedDialogs(join(folder, 'out.onnx'));
    const ok = await service(dialogs).exportFiles({
      suggestedName: 'LeNet-5',
      files: [{ name: 'LeNet-5.onnx', data: new Uint8Array([8, 1, 2]) }],
    });
    expect(ok).toBe(true);
    expect([...(await readFile(join(folder, 'out.onnx')))]).toEqual([8, 1, 2]);
    expect(asked[0]).toMatchObject({ defaultPath: join(folder, 'LeNet-5.onnx') });
  });

  it('writes several files into a new folder the user names', async () => {
    const target = join(folder, 'LeNet-5-pytorch');
    const { dialogs } = scriptedDialogs(target);
    await service(dialogs).exportFiles({
      suggestedName: 'LeNet-5-pytorch',
      files: [
        { name: 'model.py', data: 'import torch\n' },
        { name: 'weights.json', data: '{}' },
      ],
    });
    expect((await readdir(target)).sort()).toEqual(['model.py', 'weights.json']);
    expect(await readFile(join(target, 'model.py'), 'utf8')).toBe('import torch\n');
  });

  it('writes into an existing folder and returns false when cancelled', async () => {
    const target = join(folder, 'existing');
    await mkdir(target);
    const files = [
      { name: 'a.txt', data: 'a' },
      { name: 'b.txt', data: 'b' },
    ];
    const { dialogs } = scriptedDialogs(target, null);
    const exporter = service(dialogs);
    expect(await exporter.exportFiles({ suggestedName: 'existing', files })).toBe(true);
    expect(await exporter.exportFiles({ suggestedName: 'existing', files })).toBe(false);
  });
});

describe('withModelExtension', () => {
  it('adds .cnn.json only to a name without an extension', () => {
    expect(withModelExtension('/m/net')).toBe('/m/net.cnn.json');
    expect(withModelExtension('/m/net.json')).toBe('/m/net.json');
    expect(withModelExtension('/m/net.cnn.json')).toBe('/m/net.cnn.json');
  });
});
