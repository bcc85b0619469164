// The web edition's backend: the browser is the host. Files are picked and downloaded, the
// working document is kept in web storage, runs in IndexedDB, training runs in the page's own
// Web Worker.

import { version } from '../../../package.json';
import { APP_NAME } from '../../shared/app';
import type { StudioBackend } from '../../shared/backend';
import { readAutosave, writeAutosave } from './autosave';
import { download, pickTextFile } from './files';
import { webImports } from './imports';
import { webRuns } from './runs';
import { readDocumentState, writeDocumentState } from './session';
import { webWorkers } from './workers';

export function webBackend(): StudioBackend {
  const never = () => () => undefined;
  return {
    appInfo: async () => ({ name: APP_NAME, version, platform: 'browser', edition: 'web' }),
    openFile: () => pickTextFile('.json,application/json'),
    async saveFile({ suggestedName, text }) {
      download(suggestedName, text, 'application/json');
      return { name: suggestedName, path: null };
    },
    ...webImports(),
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
    // Runs are kept in the browser's IndexedDB for this site, across reloads and restarts.
    ...webRuns(),
  };
}
