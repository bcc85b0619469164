// The Electron main process: one window, locked down, its menus, files, autosave and training
// worker. The logic lives in small modules beside this file; only this one touches Electron.

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  type BaseWindow,
} from 'electron';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { messageOf } from '../engine/errors';
import { APP_NAME } from '../shared/app';
import type { DocumentState, SaveResult, WorkerMessage } from '../shared/backend';
import type { Command } from '../shared/commands';
import { EventChannel } from '../shared/channels';
import { RunFolders } from '../node/runFolders';
import { readTrainedText } from '../shared/runs/record';
import { nodeWorkerSpawner } from '../worker/node/host';
import type { RunState } from '../shared/protocol';
import { AutosaveStore } from './autosave';
import { CloseGuard, closePrompt, type CloseStep } from './closeGuard';
import { CrashLoopGuard } from './crashLoop';
import { datasetsFolder } from './datasets';
import { DocumentSession } from './documentSession';
import { rendererUrl, workerModuleUrl } from './entry';
import { FileService, type Dialogs } from './fileService';
import { ImportFiles } from './importFiles';
import { registerHandlers, type Handlers } from './ipc';
import { modelPathFromArgv } from './launchArgs';
import { menuTemplate } from './menu';
import { RecentFiles } from './recentFiles';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isAppUrl,
  navigationGuard,
  withSecurityHeaders,
} from './security';
import { windowTitle } from './title';
import { MIN_SIZE, restoreGeometry, WindowStateKeeper } from './windowState';
import { WorkerHost } from './workerHost';

const appUrl = rendererUrl({
  packaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  builtIndexPath: fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
});
// The sandboxed preload must be CommonJS (see electron.vite.config.ts).
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
// Built beside this file from src/worker/node/entry.ts (electron.vite.config.ts).
const workerEntry = workerModuleUrl(import.meta.url);

const logError = (error: unknown): void => console.error(`${APP_NAME}:`, error);

app.setName(APP_NAME);
// Sandbox every renderer, including any a later feature might create without saying so.
app.enableSandbox();
// Tests run a development build against a throwaway profile; an installed app never reads this.
if (!app.isPackaged && process.env.CNN_STUDIO_USER_DATA) {
  app.setPath('userData', process.env.CNN_STUDIO_USER_DATA);
}

// One instance per profile: a second launch hands its file to this one (second-instance) and ends.
if (!app.requestSingleInstanceLock()) app.quit();
else run();

function run(): void {
  const userData = app.getPath('userData');
  const recent = new RecentFiles(join(userData, 'recent-files.json'), logError);
  const windowState = new WindowStateKeeper(join(userData, 'window-state.json'), logError);
  // A folder per training run (docs/run-record.md), the layout `npm run runs` reads too.
  const runs = new RunFolders(join(userData, 'runs'));
  const pageCrashes = new CrashLoopGuard();
  // The page's files named by the OS or a second launch wait here until the page has loaded.
  const filesToOpen: string[] = [];
  const launchFile = modelPathFromArgv(process.argv, process.cwd());
  if (launchFile !== null) filesToOpen.push(launchFile);

  let current: { win: BrowserWindow; guard: CloseGuard; loaded: boolean } | null = null;
  // Opened once the app is ready; until then nothing can have been autosaved.
  let autosave: AutosaveStore | null = null;
  let runState: RunState = 'empty';
  let quitting = false;
  let sessionEnded = false;

  const parent = (): BaseWindow | undefined => current?.win ?? undefined;
  const dialogs: Dialogs = {
    async chooseFileToOpen({ defaultPath, filters }) {
      const options = { defaultPath, filters, properties: ['openFile' as const] };
      const owner = parent();
      const result = await (owner
        ? dialog.showOpenDialog(owner, options)
        : dialog.showOpenDialog(options));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseSaveLocation({ title, defaultPath, filters }) {
      const options = {
        title,
        defaultPath,
        filters,
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const owner = parent();
      const result = await (owner
        ? dialog.showSaveDialog(owner, options)
        : dialog.showSaveDialog(options));
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async confirmReplace({ path }) {
      const options = {
        type: 'warning' as const,
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `“${basename(path)}” already exists. Do you want to replace it?`,
        detail: `A file with this name already exists in ${dirname(path)}. Replacing it overwrites its contents.`,
      };
      const owner = parent();
      const result = await (owner
        ? dialog.showMessageBox(owner, options)
        : dialog.showMessageBox(options));
      return result.response === 0;
    },
  };

  const imports = new ImportFiles(dialogs, app.getPath('documents'));
  const files = new FileService({
    dialogs,
    defaultFolder: app.getPath('documents'),
    onFileUsed(path) {
      recent.add(path);
      app.addRecentDocument(path);
      refreshMenu();
    },
  });

  function send(channel: string, payload: unknown): void {
    const win = current?.win;
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  }
  const sendCommand = (command: Command): void => send(EventChannel.onMenuCommand, command);

  const workers = new WorkerHost({
    spawn: nodeWorkerSpawner({
      entry: workerEntry,
      datasetsDir: datasetsFolder({
        packaged: app.isPackaged,
        resourcesPath: process.resourcesPath,
        appPath: app.getAppPath(),
      }),
    }),
    send: (message: WorkerMessage) => send(EventChannel.onWorkerMessage, message),
    onTrainedModel: (document) => {
      autosave?.write('trained', JSON.stringify(document)).catch(logError);
    },
    onRunState(state) {
      if (state === runState) return;
      runState = state;
      refreshMenu();
    },
  });

  function refreshMenu(): void {
    const template = menuTemplate({
      platform: process.platform,
      appName: APP_NAME,
      recent: recent.paths,
      training: runState,
      development: !app.isPackaged,
      send: sendCommand,
      openRecent: openFromHost,
      clearRecent() {
        recent.clear();
        app.clearRecentDocuments();
        refreshMenu();
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function applyDocumentState(state: DocumentState): void {
    const win = current?.win;
    if (!win || win.isDestroyed()) return;
    win.setTitle(windowTitle(state, process.platform));
    if (process.platform === 'darwin') {
      win.setDocumentEdited(state.dirty);
      win.setRepresentedFilename(state.path ?? '');
    }
  }

  const documents = new DocumentSession({
    autosave: {
      write: (slot, text) => autosave?.write(slot, text) ?? Promise.resolve(),
      discard: (slot) => autosave?.discard(slot) ?? Promise.resolve(),
    },
    readSaved: (path) => files.readSaved(path),
    onStateChange: applyDocumentState,
  });

  /** Opens a file the page did not ask for (OS, command line, Open Recent) once the page is up. */
  function openFromHost(path: string): void {
    filesToOpen.push(path);
    if (current === null) {
      if (app.isReady()) void openWindow();
      return;
    }
    showWindow(current.win);
    deliverFiles();
  }

  // One file at a time, in the order they came, so the last one opened is the one shown.
  let delivering: Promise<void> = Promise.resolve();
  function deliverFiles(): void {
    if (!current?.loaded) return;
    const { win } = current;
    const paths = filesToOpen.splice(0);
    delivering = delivering.then(async () => {
      for (const path of paths) {
        try {
          send(EventChannel.onOpenDocument, await files.openPath(path));
        } catch (error) {
          recent.remove(path);
          refreshMenu();
          void dialog.showMessageBox(win, {
            type: 'error',
            message: `${basename(path)} could not be opened.`,
            detail: messageOf(error),
          });
        }
      }
    });
  }

  function showWindow(win: BrowserWindow): void {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  function follow(step: CloseStep): void {
    const win = current?.win;
    if (!win) return;
    if (step === 'close') win.close();
    else if (step === 'save') sendCommand('save');
    else quitting = false;
  }

  async function askToSave(win: BrowserWindow): Promise<void> {
    const prompt = closePrompt(documents.name);
    const { response } = await dialog.showMessageBox(win, {
      type: 'warning',
      message: prompt.message,
      detail: prompt.detail,
      buttons: prompt.buttons,
      defaultId: 0,
      cancelId: prompt.answers.indexOf('cancel'),
      noLink: true,
    });
    if (current?.win === win) follow(current.guard.answer(prompt.answers[response] ?? 'cancel'));
  }

  // Several files opened from the OS at once must not make several windows.
  let creating: Promise<void> | null = null;
  function openWindow(): Promise<void> {
    creating ??= createWindow().finally(() => (creating = null));
    return creating;
  }

  async function createWindow(): Promise<void> {
    const areas = screen.getAllDisplays().map((display) => display.workArea);
    const geometry = restoreGeometry(await windowState.load(), areas);
    const win = new BrowserWindow({
      title: APP_NAME,
      width: geometry.width,
      height: geometry.height,
      ...(geometry.x === undefined ? {} : { x: geometry.x, y: geometry.y }),
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      // The renderer gets no Node, no remote content and no way around the preload bridge.
      webPreferences: {
        // Reviewed (Electronegativity asks for a review of every preload): it exposes one object
        // through contextBridge, one invoke or subscription per backend method, never ipcRenderer.
        preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        // A middle click opens links in a new window; the app has no use for it.
        disableBlinkFeatures: 'Auxclick',
      },
    });
    const guard = new CloseGuard(() => documents.dirty);
    const entry = { win, guard, loaded: false };
    current = entry;
    windowState.track(win);

    win.once('ready-to-show', () => {
      if (geometry.maximized) win.maximize();
      if (geometry.fullScreen) win.setFullScreen(true);
      win.show();
    });
    // The title is the document's, set through setDocumentState, not the page's <title>.
    win.on('page-title-updated', (event) => event.preventDefault());
    win.on('close', (event) => {
      const decision = guard.requestClose();
      if (decision === 'close') return;
      event.preventDefault();
      if (decision === 'ask') askToSave(win).catch(logError);
    });
    win.on('closed', () => {
      if (current === entry) current = null;
      documents.closed().catch(logError);
      void workers.end();
      if (quitting) app.quit();
    });
    win.webContents.on('did-finish-load', () => {
      entry.loaded = true;
      deliverFiles();
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      entry.loaded = false;
      // The page's training client went with it; the reloaded page starts its own worker.
      void workers.end();
      if (pageCrashes.shouldRestart(Date.now())) {
        // The reloaded page gets its document back from resumeDocument.
        win.webContents.reload();
        return;
      }
      dialog.showErrorBox(
        `${APP_NAME} keeps crashing`,
        `The window crashed again right after restarting (${details.reason}). Your unsaved work ` +
          `was autosaved and will be offered the next time ${APP_NAME} starts.`,
      );
      // Not app.quit(): a clean exit would delete the autosave this message promises.
      app.exit(1);
    });
    win.loadURL(appUrl).catch(logError);
  }

  const handlers: Handlers = {
    appInfo: () => ({
      name: APP_NAME,
      version: app.getVersion(),
      platform: process.platform,
      edition: 'desktop',
    }),
    openFile: () => files.openFile(),
    chooseImportFile: () => imports.choose(),
    readImportFile: (handle, offset) => imports.read(handle, offset),
    async saveFile(request) {
      let result: SaveResult = null;
      try {
        result = await files.saveFile(request);
        return result;
      } finally {
        // A close waiting for this save goes ahead only if the save went through.
        const step = current?.guard.saveFinished(result !== null);
        if (step !== undefined) follow(step);
      }
    },
    exportFiles: (request) => files.exportFiles(request),
    autosave: (text) => documents.edited(text),
    recoverAutosave: () => autosave?.takeRecovered('document') ?? null,
    setDocumentState: (state) => documents.setState(state),
    resumeDocument: () => documents.resume(),
    recoverTrainedModel: () => autosave?.takeRecovered('trained') ?? null,
    spawnWorker: () => workers.spawn(),
    postToWorker: (worker, command) => workers.post(worker, command),
    terminateWorker: (worker) => workers.terminate(worker),
    saveRun: (record, trained) => runs.save({ record, trained: readTrainedText(trained) }),
    listRuns: () => runs.list(),
    runModel: (id) => runs.trained(id),
    relabelRun: (id, labels) => runs.relabel(id, labels),
    deleteRun: (id) => runs.remove(id),
  };

  // macOS announces files opened from Finder or the Dock this way, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromHost(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = modelPathFromArgv(argv, workingDirectory);
    if (path !== null) openFromHost(path);
    else if (current) showWindow(current.win);
    else void openWindow();
  });

  // Applied to every web contents as it is created, so no window or frame escapes the rules.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', navigationGuard(appUrl));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(denyWindowOpen);
  });

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // A clean exit ends the autosave session, so the next start offers no recovery.
  app.on('will-quit', (event) => {
    if (sessionEnded) return;
    event.preventDefault();
    void Promise.allSettled([
      workers.end(),
      autosave?.close(),
      windowState.flushed(),
      recent.flushed(),
    ]).then(() => {
      sessionEnded = true;
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
    session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
    });
    app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
    autosave = await AutosaveStore.open(join(userData, 'autosave'));
    await recent.load();
    registerHandlers(
      (channel, listener) => ipcMain.handle(channel, listener),
      handlers,
      (url) => isAppUrl(url, appUrl),
    );
    refreshMenu();
    await openWindow();
    // macOS keeps the app running without windows; the dock icon brings one back.
    app.on('activate', () => {
      if (current === null) void openWindow();
    });
  });
}
