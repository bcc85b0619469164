// The file behind File ▸ Import…: chosen in the native dialog, checked by its size, and read by
// the page in pieces (a 500 MB model is more than one IPC message carries). Only the file the user
// chose last can be read, and only by the handle it was given.

import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { checkOnnxSize } from '../engine/import/onnx/size';
import { messageOf } from '../engine/errors';
import { IMPORT_CHUNK_BYTES, type ImportFileRef } from '../shared/backend';
import { FileError, type Dialogs, type FileFilter } from './fileService';

const IMPORT_FILTERS: FileFilter[] = [
  { name: 'ONNX model', extensions: ['onnx'] },
  { name: 'All files', extensions: ['*'] },
];

export class ImportFiles {
  private chosen: (ImportFileRef & { path: string }) | null = null;
  private handles = 0;

  /** Where the dialog starts: the Documents folder, then the folder of the last file chosen. */
  constructor(
    private readonly dialogs: Pick<Dialogs, 'chooseFileToOpen'>,
    private folder: string,
  ) {}

  /** Asks for a file to import; null when the user cancels. Throws a FileError in one line. */
  async choose(): Promise<ImportFileRef | null> {
    const path = await this.dialogs.chooseFileToOpen({
      defaultPath: this.folder,
      filters: IMPORT_FILTERS,
    });
    if (path === null) return null;
    this.folder = dirname(path);
    const name = basename(path);
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new FileError(`${name} is not a file.`);
      size = info.size;
    } catch (error) {
      if (error instanceof FileError) throw error;
      throw new FileError(`${name} could not be opened: ${messageOf(error)}.`, { cause: error });
    }
    try {
      checkOnnxSize(size);
    } catch (error) {
      throw new FileError(`${name} was not imported. ${messageOf(error)}`);
    }
    this.handles += 1;
    this.chosen = { handle: this.handles, name, size, path };
    return { handle: this.handles, name, size };
  }

  /** Up to IMPORT_CHUNK_BYTES of the chosen file from `offset`. */
  async read(handle: number, offset: number): Promise<Uint8Array<ArrayBuffer>> {
    const chosen = this.chosen;
    if (!chosen || chosen.handle !== handle)
      throw new FileError('That file is no longer open for import.');
    if (offset > chosen.size) throw new FileError(`${chosen.name} ends before byte ${offset}.`);
    const length = Math.min(IMPORT_CHUNK_BYTES, chosen.size - offset);
    const file = await open(chosen.path, 'r');
    try {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await file.read(bytes, 0, length, offset);
      if (bytesRead !== length)
        throw new FileError(`${chosen.name} changed while it was being imported.`);
      return bytes;
    } finally {
      await file.close();
    }
  }
}
