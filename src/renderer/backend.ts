// How the renderer reaches its host. Each entry picks one: main.ts the preload's bridge in
// Electron, main.web.ts the browser implementation in the web edition.

import { version } from '../../package.json';
import { APP_NAME } from '../shared/app';
import { BRIDGE_KEY, type StudioBackend } from '../shared/backend';
import { readAutosave, writeAutosave } from './web/autosave';
import { download, pickTextFile } from './web/files';
import { readDocumentState, writeDocumentState } from './web/session';
import { webWorkers } from './web/workers';

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
  const never = () => () => undefined;
  return {
    appInfo: async () => ({ name: APP_NAME, version, platform: 'browser', edition: 'web' }),
    openFile: () => pickTextFile('.json,application/json'),
    async saveFile({ suggestedName, text }) {
      download(suggestedName, text, 'application/json');
      return { name: suggestedName, path: null };
    },
    async exportFiles({ files }) {
      for (const file of files) download(file.name, file.data, 'application/octet-stream');
      return true;
    },
    autosave: async (text) => writeAutosave(text),
    recoverAutosave: async () => readAutosave(),
    async setDocumentState(state) {
      document.title = `${state.name}${state.dirty ? ' •' : ''} — ${APP_NAME}`;
      writeDocumentState(state);
    },
    async resumeDocument() {
      const state = readDocumentState();
      const text = readAutosave();
      return state && text !== null ? { ...state, text } : null;
    },
    // A browser has no native menus and hands the page no files of its own accord.
    onMenuCommand: never,
    onOpenDocument: never,
    // Training runs in the page's own Web Worker; nothing of it outlives a crashed tab.
    recoverTrainedModel: async () => null,
    ...webWorkers(new URL('datasets/', document.baseURI).href),
  };
}
