// How the desktop app's renderer reaches its host: the object the preload exposes. The web
// edition's entry uses web/backend.ts instead; the renderer cannot tell them apart.

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
