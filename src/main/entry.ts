// Which URL the window loads: the electron-vite dev server while developing, the built page
// otherwise. A packaged app never honours the dev server variable, so the environment cannot
// point it at another page.

import { pathToFileURL } from 'node:url';

export interface EntryOptions {
  packaged: boolean;
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined;
  /** Absolute path of the built `index.html`. */
  builtIndexPath: string;
}

export function rendererUrl({ packaged, devServerUrl, builtIndexPath }: EntryOptions): string {
  if (!packaged && devServerUrl) return new URL(devServerUrl).href;
  return pathToFileURL(builtIndexPath).href;
}

/**
 * The training worker's module, built beside main as worker.js. A packaged app keeps it unpacked
 * (electron-builder.yml asarUnpack), and the worker is started from that real file, so its own
 * module loader never has to read inside app.asar.
 */
export function workerModuleUrl(mainModuleUrl: string): URL {
  const url = new URL('./worker.js', mainModuleUrl);
  url.pathname = url.pathname.replace(/\/app\.asar\//, '/app.asar.unpacked/');
  return url;
}
