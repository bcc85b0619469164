// The Electron main process: one window, locked down, and the bridge's handlers. The logic lives
// in small modules beside this file; only this one touches Electron.

import { app, BrowserWindow, ipcMain, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_NAME } from '../shared/app';
import { rendererUrl } from './entry';
import { registerHandlers, type Handlers } from './ipc';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  isAppUrl,
  navigationGuard,
  secureWebPreferences,
  withSecurityHeaders,
} from './security';

const appUrl = rendererUrl({
  packaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  builtIndexPath: fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
});
// The sandboxed preload must be CommonJS (see electron.vite.config.ts).
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

const handlers: Handlers = {
  appInfo: () => ({
    name: APP_NAME,
    version: app.getVersion(),
    platform: process.platform,
    edition: 'desktop',
  }),
};

function createWindow(): void {
  const win = new BrowserWindow({
    title: APP_NAME,
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
}

app.setName(APP_NAME);
// Sandbox every renderer, including any a later feature might create without saying so.
app.enableSandbox();

// Applied to every web contents as it is created, so no window or frame escapes the rules.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', navigationGuard(appUrl));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(denyWindowOpen);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  registerHandlers(
    (channel, listener) => ipcMain.handle(channel, listener),
    handlers,
    (url) => isAppUrl(url, appUrl),
  );
  createWindow();
  // macOS keeps the app running without windows; the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
