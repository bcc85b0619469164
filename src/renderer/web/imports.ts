// The web edition's side of File ▸ Import…: the browser's file picker, and the picked file read
// in the same pieces the desktop app's host hands out.

import { IMPORT_CHUNK_BYTES, type StudioBackend } from '../../shared/backend';
import { IMPORT_EXTENSIONS } from '../import/importer.svelte';
import { pickFile } from './files';

export function webImports(): Pick<StudioBackend, 'chooseImportFile' | 'readImportFile'> {
  let chosen: { handle: number; file: File } | null = null;
  let handles = 0;
  return {
    async chooseImportFile() {
      const file = await pickFile(IMPORT_EXTENSIONS.join(','));
      if (!file) return null;
      handles += 1;
      chosen = { handle: handles, file };
      return { handle: handles, name: file.name, size: file.size };
    },
    async readImportFile(handle, offset) {
      if (!chosen || chosen.handle !== handle)
        throw new Error('That file is no longer open for import.');
      const part = chosen.file.slice(offset, offset + IMPORT_CHUNK_BYTES);
      return new Uint8Array(await part.arrayBuffer());
    },
  };
}
