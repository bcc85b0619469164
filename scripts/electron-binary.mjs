// Where the Electron binary is, if it is installed: what `npm start` runs and the Electron
// end-to-end test drives (and the electron-vite CLI both build with). Found without
// `require('electron')`, which starts a download (with a stack trace when offline) if the binary
// is missing.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The electron package's folder; null before `npm install`. */
export function electronModuleDir() {
  try {
    return dirname(require.resolve('electron'));
  } catch {
    return null;
  }
}

/** The installed binary (ELECTRON_EXEC_PATH, ELECTRON_OVERRIDE_DIST_PATH, or the package's own), or null. */
export function installedBinary() {
  const { ELECTRON_EXEC_PATH, ELECTRON_OVERRIDE_DIST_PATH } = process.env;
  const moduleDir = electronModuleDir();
  let binary;
  if (ELECTRON_EXEC_PATH) {
    binary = ELECTRON_EXEC_PATH;
  } else if (moduleDir !== null) {
    const pathFile = join(moduleDir, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
    if (ELECTRON_OVERRIDE_DIST_PATH)
      binary = join(ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    else if (relative !== null) binary = join(moduleDir, 'dist', relative);
  }
  return binary !== undefined && existsSync(binary) ? binary : null;
}

/** electron-vite's command-line script, to run with `process.execPath`. */
export function electronViteCli() {
  return join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
}
