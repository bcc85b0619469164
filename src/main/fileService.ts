// Opening, saving and exporting files for the page. Dialogs come in through a small interface, so
// this runs under Node in tests; every write is atomic. The page names a path to save to, but a
// path is written without asking only if the user chose it in this session (in a dialog, from
// Open Recent, on the command line): a compromised page cannot overwrite arbitrary files.

import { lstat, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { messageOf } from '../engine/errors';
import type { ExportRequest, OpenedFile, SaveRequest, SaveResult } from '../shared/backend';
import { writeFileAtomic } from '../node/atomicWrite';
import { makeFolders } from '../node/folders';

export interface FileFilter {
  name: string;
  /** Without dots or wildcards, as Electron wants them; `*` for all files. */
  extensions: string[];
}

/** The native dialogs the service needs; each resolves to null when the user cancels. */
export interface Dialogs {
  chooseFileToOpen(options: { defaultPath: string; filters: FileFilter[] }): Promise<string | null>;
  chooseSaveLocation(options: {
    title: string;
    defaultPath: string;
    filters: FileFilter[];
  }): Promise<string | null>;
  /** Asks whether to replace the file at `path`, which exists; true to replace it. */
  confirmReplace(options: { path: string }): Promise<boolean>;
}

/** Model documents are JSON; `.cnn.json` tells them apart from other JSON at a glance. */
export const MODEL_EXTENSION = '.cnn.json';
const MODEL_FILTERS: FileFilter[] = [
  { name: 'CNN Studio model', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** Larger than any model this app trains with its weights; refuses to pull a huge file into the page. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class FileError extends Error {
  override name = 'FileError';
}

export interface FileServiceOptions {
  dialogs: Dialogs;
  /** Where dialogs start before the user has picked a folder (the Documents folder). */
  defaultFolder: string;
  /** Called with every file opened or saved, for Open Recent. */
  onFileUsed?: (path: string) => void;
}

export class FileService {
  private readonly granted = new Set<string>();
  private folder: string;

  constructor(private readonly options: FileServiceOptions) {
    this.folder = options.defaultFolder;
  }

  /** Asks for a model file and reads it; null when the user cancels. */
  async openFile(): Promise<OpenedFile | null> {
    const path = await this.options.dialogs.chooseFileToOpen({
      defaultPath: this.folder,
      filters: MODEL_FILTERS,
    });
    return path === null ? null : this.openPath(path);
  }

  /** Reads a file the user named outside a dialog: Open Recent, the command line, the OS. */
  async openPath(path: string): Promise<OpenedFile> {
    const absolute = resolve(path);
    const text = await readText(absolute);
    this.remember(absolute);
    return { name: basename(absolute), path: absolute, text };
  }

  /** Reads back a file the user chose in this session; null for any other path or on failure. */
  async readSaved(path: string): Promise<string | null> {
    const absolute = resolve(path);
    if (!this.granted.has(absolute)) return null;
    try {
      return await readText(absolute);
    } catch {
      return null;
    }
  }

  async saveFile(request: SaveRequest): Promise<SaveResult> {
    const { dialogs } = this.options;
    const known = request.path === null ? null : resolve(request.path);
    let target: string | null =
      !request.saveAs && known !== null && this.granted.has(known) ? known : null;
    if (target === null) {
      const chosen = await dialogs.chooseSaveLocation({
        title: 'Save model',
        defaultPath: join(known === null ? this.folder : dirname(known), request.suggestedName),
        filters: MODEL_FILTERS,
      });
      if (chosen === null) return null;
      target = withModelExtension(resolve(chosen));
      // The dialog asked about replacing the name it returned, not the one the extension makes.
      const extended = target !== resolve(chosen);
      if (extended && (await exists(target)) && !(await dialogs.confirmReplace({ path: target }))) {
        return null;
      }
    }
    await writeFileAtomic(target, request.text);
    this.remember(target);
    return { name: basename(target), path: target };
  }

  /**
   * Writes an export: a single file where the user says, or several into a new folder the user
   * names (a model and its weights belong together). False when the user cancels.
   */
  async exportFiles(request: ExportRequest): Promise<boolean> {
    const [only] = request.files;
    const single = request.files.length === 1;
    const extension = single ? extname(only.name).slice(1) : '';
    const chosen = await this.options.dialogs.chooseSaveLocation({
      title: single ? 'Export' : 'Export to a new folder',
      defaultPath: join(this.folder, single ? only.name : request.suggestedName),
      filters: extension === '' ? [] : [{ name: extension.toUpperCase(), extensions: [extension] }],
    });
    if (chosen === null) return false;
    const target = resolve(chosen);
    if (single) {
      await writeFileAtomic(target, only.data);
    } else {
      await makeFolders(target);
      for (const file of request.files) await writeFileAtomic(join(target, file.name), file.data);
    }
    this.folder = dirname(target);
    return true;
  }

  private remember(path: string): void {
    this.granted.add(path);
    this.folder = dirname(path);
    this.options.onFileUsed?.(path);
  }
}

/** Adds `.cnn.json` to a name typed without any extension (Linux dialogs do not add one). */
export function withModelExtension(path: string): string {
  return extname(path) === '' ? `${path}${MODEL_EXTENSION}` : path;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function readText(path: string): Promise<string> {
  const name = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new FileError(`${name} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`${name} could not be opened: ${describe(error)}.`, { cause: error });
  }
  if (size > MAX_FILE_BYTES) {
    throw new FileError(`${name} is too large to be a model (${Math.round(size / 2 ** 20)} MB).`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new FileError(`${name} could not be read: ${describe(error)}.`, { cause: error });
  }
  try {
    // fatal: a binary file is refused here rather than shown as a page of replacement characters.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new FileError(`${name} is not a text file.`, { cause: error });
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return messageOf(error);
}
