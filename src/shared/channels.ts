// IPC channel names, one per backend method. Kept free of dependencies because the sandboxed
// preload bundles it and may require nothing but `electron`.

import type { StudioBackend } from './backend';

/** Messages main sends to the page; the preload turns each into an `on…` subscription. */
export const EventChannel = {
  onMenuCommand: 'studio:menu-command',
  onOpenDocument: 'studio:open-document',
  onWorkerMessage: 'studio:worker-message',
} as const satisfies Partial<Record<keyof StudioBackend, string>>;

export type Subscription = keyof typeof EventChannel;

/** The backend methods the page invokes and main answers. */
export type Method = Exclude<keyof StudioBackend, Subscription>;

export const Channel = {
  appInfo: 'studio:app-info',
  openFile: 'studio:open-file',
  saveFile: 'studio:save-file',
  chooseImportFile: 'studio:choose-import-file',
  readImportFile: 'studio:read-import-file',
  exportFiles: 'studio:export-files',
  autosave: 'studio:autosave',
  recoverAutosave: 'studio:recover-autosave',
  setDocumentState: 'studio:set-document-state',
  resumeDocument: 'studio:resume-document',
  recoverTrainedModel: 'studio:recover-trained-model',
  spawnWorker: 'studio:spawn-worker',
  postToWorker: 'studio:post-to-worker',
  terminateWorker: 'studio:terminate-worker',
  saveRun: 'studio:save-run',
  listRuns: 'studio:list-runs',
  runModel: 'studio:run-model',
  relabelRun: 'studio:relabel-run',
  deleteRun: 'studio:delete-run',
} as const satisfies Record<Method, string>;
