// How the renderer reaches its host. Each entry picks one: main.ts the preload's bridge in
// Electron, main.web.ts the browser implementation in the web edition.

import { version } from '../../package.json';
import { APP_NAME } from '../shared/app';
import { BRIDGE_KEY, type StudioBackend } from '../shared/backend';

declare global {
  interface Window {
    readonly [BRIDGE_KEY]?: StudioBackend;
  }
}

/** The object the preload exposed; its absence means the preload did not run, which is fatal. */
export function desktopBackend(): StudioBackend {
  const studio = window[BRIDGE_KEY];
  if (!studio)
    throw new Error(`CNN Studio: window.${BRIDGE_KEY} is missing; the preload did not run.`);
  return studio;
}

/** The web edition's host is the browser itself. */
export function webBackend(): StudioBackend {
  return {
    appInfo: async () => ({ name: APP_NAME, version, platform: 'browser', edition: 'web' }),
  };
}
