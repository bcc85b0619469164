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
