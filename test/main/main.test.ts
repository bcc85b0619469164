import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventChannel, Channel } from '../../src/shared/channels';
import { SECURITY_HEADERS } from '../../src/shared/policy';
import { recordOf } from '../runs/fixtures';

// The Electron binary may be absent, so main meets a recording stand-in for the APIs it uses.
const electron = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on = vi.fn((name: string, listener: Listener) => {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    });
    once = this.on;
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    }
  }
  const event = () => ({
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  });

  class WebContents extends Emitter {
    send = vi.fn();
    reload = vi.fn();
  }
  const windows: BrowserWindow[] = [];
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    destroyed = false;
    loadURL = vi.fn((_url: string) => Promise.resolve());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
    setFullScreen = vi.fn();
    setTitle = vi.fn();
    setDocumentEdited = vi.fn();
    setRepresentedFilename = vi.fn();
    isMinimized = () => false;
    isMaximized = () => false;
    isFullScreen = () => false;
    isDestroyed = () => this.destroyed;
    getNormalBounds = () => ({ x: 40, y: 30, width: 1280, height: 800 });
    close = vi.fn(() => {
      const closing = event();
      this.emit('close', closing);
      if (closing.defaultPrevented) return;
      this.destroyed = true;
      this.emit('closed');
    });
    constructor(public options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    paths: { userData: '', documents: '' } as Record<string, string>,
    setName: vi.fn(),
    enableSandbox: vi.fn(),
    setPath: vi.fn(),
    getPath: (name: string) => app.paths[name],
    getAppPath: () => '/app',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: vi.fn(() => true),
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    setAboutPanelOptions: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  return {
    windows,
    event,
    BrowserWindow,
    app,
    dialog: {
      showMessageBox: vi.fn(),
      showSaveDialog: vi.fn(),
      showOpenDialog: vi.fn(),
      showErrorBox: vi.fn(),
    },
    ipcMain: { handle: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => template),
      setApplicationMenu: vi.fn(),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession },
  };
});
vi.mock('electron', () => electron);

const profile = mkdtempSync(join(tmpdir(), 'cnn-studio-main-'));
afterAll(() => rmSync(profile, { recursive: true, force: true }));

let appUrl: string;
const fromApp = () => ({ senderFrame: { url: appUrl } });
/** Calls main's handler for `channel` as the page would. */
async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const call = electron.ipcMain.handle.mock.calls.find(([name]) => name === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1](fromApp(), ...args);
}
const lastWindow = () => electron.windows[electron.windows.length - 1];

describe('main process', () => {
  beforeAll(async () => {
    // Electron sets this on process; Node does not.
    Object.assign(process, { resourcesPath: join(profile, 'resources') });
    electron.app.paths.userData = join(profile, 'user-data');
    electron.app.paths.documents = profile;
    await import('../../src/main/index');
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    appUrl = electron.windows[0].loadURL.mock.calls[0][0];
  });

  it('sandboxes every renderer and takes the single-instance lock before any window exists', () => {
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
  });

  it('opens one locked-down window on the built page', () => {
    const [win] = electron.windows;
    expect(win.options).toMatchObject({
      width: 1280,
      height: 800,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      },
    });
    expect(appUrl).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('denies permissions and sends the security headers', () => {
    const session = electron.session.defaultSession;
    const callback = vi.fn();
    session.setPermissionRequestHandler.mock.calls[0][0](null, 'geolocation', callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0][0]()).toBe(false);

    const respond = vi.fn();
    session.webRequest.onHeadersReceived.mock.calls[0][0]({ responseHeaders: {} }, respond);
    expect(respond.mock.calls[0][0].responseHeaders).toEqual(
      Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k, [v]])),
    );
  });

  it('guards every web contents: no navigation away, no new windows, no webviews', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: vi.fn(),
    };
    electron.app.emit('web-contents-created', {}, contents);

    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalledOnce();
    expect(contents.setWindowOpenHandler.mock.calls[0][0]()).toEqual({ action: 'deny' });
  });

  it('answers every method over IPC, only to the app page', async () => {
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel)).toEqual(
      Object.values(Channel),
    );
    expect(await invoke(Channel.appInfo)).toEqual({
      name: 'CNN Studio',
      version: '0.1.0',
      platform: process.platform,
      edition: 'desktop',
    });
    const [, listener] = electron.ipcMain.handle.mock.calls[0];
    expect(() => listener({ senderFrame: { url: 'https://example.com/' } })).toThrow();
  });

  it('keeps runs in a folder each under user data, and lists, renames and deletes them', async () => {
    const record = recordOf({ id: 'run-1' });
    const trained = JSON.stringify({
      format: 'cnn-studio/model',
      version: 1,
      nodes: [],
      edges: [],
    });
    await invoke(Channel.saveRun, record, trained);
    const folder = join(profile, 'user-data', 'runs', 'run-1');
    expect(readdirSync(folder).sort()).toEqual(['model.cnn.json', 'run.json']);
    expect(await invoke(Channel.listRuns)).toEqual({ runs: [record], problems: [] });
    expect(await invoke(Channel.runModel, 'run-1')).toBe(`${trained}\n`);
    const labels = { name: 'Kept', notes: '', tags: ['a'] };
    expect(await invoke(Channel.relabelRun, 'run-1', labels)).toEqual({ ...record, ...labels });
    await expect(invoke(Channel.saveRun, record, '{"format":"x"}')).rejects.toThrow(
      'the trained model\'s format: must be "cnn-studio/model", got "x"',
    );
    await invoke(Channel.deleteRun, 'run-1');
    expect(await invoke(Channel.listRuns)).toEqual({ runs: [], problems: [] });
  });

  it('sets the native menu', () => {
    const template = electron.Menu.setApplicationMenu.mock.lastCall?.[0] as { label: string }[];
    expect(template.map((item) => item.label.replace('&', ''))).toEqual(
      expect.arrayContaining(['File', 'Edit', 'View', 'Train', 'Help']),
    );
  });

  it('titles the window after the document, with the unsaved marker', async () => {
    await invoke(Channel.setDocumentState, { name: 'net.cnn.json', path: null, dirty: true });
    const expected = process.platform === 'darwin' ? 'net.cnn.json' : '• net.cnn.json — CNN Studio';
    expect(lastWindow().setTitle).toHaveBeenLastCalledWith(expected);
  });

  it('reloads a crashed page, which gets its unsaved document back', async () => {
    await invoke(Channel.autosave, '{"unsaved":true}');
    const win = lastWindow();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.reload).toHaveBeenCalledOnce();
    expect(await invoke(Channel.resumeDocument)).toEqual({
      name: 'net.cnn.json',
      path: null,
      dirty: true,
      text: '{"unsaved":true}',
    });
  });

  it('keeps unsaved work autosaved on disk for the next start', () => {
    const autosaved = join(profile, 'user-data', 'autosave', 'document.cnn.json');
    expect(readFileSync(autosaved, 'utf8')).toBe('{"unsaved":true}');
  });

  it('asks before closing unsaved work; Save has the page save, then the window closes', async () => {
    const win = lastWindow();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    win.close();
    expect(win.destroyed).toBe(false);
    await vi.waitFor(() =>
      expect(win.webContents.send).toHaveBeenCalledWith(EventChannel.onMenuCommand, 'save'),
    );
    expect(electron.dialog.showMessageBox.mock.lastCall?.[1]).toMatchObject({
      message: 'Do you want to save the changes you made to net.cnn.json?',
      buttons: ['Save', "Don't Save", 'Cancel'],
    });

    const target = join(profile, 'net.cnn.json');
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const saved = await invoke(Channel.saveFile, {
      path: null,
      suggestedName: 'net.cnn.json',
      text: '{"saved":true}',
      saveAs: false,
    });
    expect(saved).toEqual({ name: 'net.cnn.json', path: target });
    expect(readFileSync(target, 'utf8')).toBe('{"saved":true}');
    expect(win.destroyed).toBe(true);
    expect(electron.app.addRecentDocument).toHaveBeenCalledWith(target);
  });

  it('forgets the autosave of a document closed on purpose', async () => {
    await vi.waitFor(() =>
      expect(readdirSync(join(profile, 'user-data', 'autosave'))).toEqual(['session.json']),
    );
  });

  it('opens a file from a second launch in a window', async () => {
    const model = join(profile, 'second.cnn.json');
    writeFileSync(model, '{"second":true}');
    electron.app.emit('second-instance', {}, ['/opt/cnn-studio', 'second.cnn.json'], profile);
    await vi.waitFor(() => expect(electron.windows).toHaveLength(2));
    const win = lastWindow();
    win.webContents.emit('did-finish-load');
    await vi.waitFor(() =>
      expect(win.webContents.send).toHaveBeenCalledWith(EventChannel.onOpenDocument, {
        name: 'second.cnn.json',
        path: model,
        text: '{"second":true}',
      }),
    );
  });

  it('opens one window for several files opened from the OS at once', async () => {
    lastWindow().close();
    const count = electron.windows.length;
    const models = ['one', 'two'].map((name) => join(profile, `${name}.cnn.json`));
    for (const model of models) writeFileSync(model, '{}');
    for (const model of models) electron.app.emit('open-file', electron.event(), model);
    await vi.waitFor(() => expect(electron.windows).toHaveLength(count + 1));
    const win = lastWindow();
    win.webContents.emit('did-finish-load');
    await vi.waitFor(() => {
      const opened = win.webContents.send.mock.calls.filter(
        ([channel]) => channel === EventChannel.onOpenDocument,
      );
      expect(opened.map(([, file]) => file.path)).toEqual(models);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.windows).toHaveLength(count + 1);
  });

  it('hands a file from a second launch or the OS to the open window, brought to the front', async () => {
    const win = lastWindow();
    const count = electron.windows.length;
    const model = join(profile, 'third.cnn.json');
    writeFileSync(model, '{"third":true}');
    win.show.mockClear();
    win.focus.mockClear();
    electron.app.emit('second-instance', {}, ['/opt/cnn-studio', model], profile);
    await vi.waitFor(() =>
      expect(win.webContents.send).toHaveBeenCalledWith(EventChannel.onOpenDocument, {
        name: 'third.cnn.json',
        path: model,
        text: '{"third":true}',
      }),
    );
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    electron.app.emit('open-file', electron.event(), model);
    await vi.waitFor(() =>
      expect(
        win.webContents.send.mock.calls.filter(([, file]) => file?.path === model),
      ).toHaveLength(2),
    );
    expect(electron.windows).toHaveLength(count);
  });

  it('gives up on a page that keeps crashing, keeping the autosave for the next start', () => {
    const win = lastWindow();
    for (let crash = 0; crash < 4; crash++) {
      win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    }
    // The first crash of this test was the fourth in a minute.
    expect(electron.dialog.showErrorBox).toHaveBeenCalled();
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });

  it('ends the autosave session on a clean quit', async () => {
    const quitting = electron.event();
    electron.app.emit('will-quit', quitting);
    expect(quitting.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(readdirSync(join(profile, 'user-data', 'autosave'))).toEqual([]);
  });
});

describe('a second launch', () => {
  it('leaves its file to the running instance (second-instance) and quits at once', async () => {
    vi.resetModules();
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    electron.app.quit.mockClear();
    const handlers = electron.ipcMain.handle.mock.calls.length;
    const windows = electron.windows.length;
    await import('../../src/main/index');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handle.mock.calls).toHaveLength(handlers);
    expect(electron.windows).toHaveLength(windows);
  });
});
