import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Channel } from '../../src/shared/channels';
import { SECURITY_HEADERS } from '../../src/shared/policy';

// The Electron binary may be absent, so main meets a recording stand-in for the APIs it uses.
const electron = vi.hoisted(() => {
  const windows: { options: unknown; loadURL: ReturnType<typeof vi.fn> }[] = [];
  class BrowserWindow {
    loadURL = vi.fn(() => Promise.resolve());
    once = vi.fn();
    show = vi.fn();
    constructor(public options: unknown) {
      windows.push(this);
    }
    static getAllWindows = () => windows;
  }
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  return {
    windows,
    BrowserWindow,
    app: {
      isPackaged: true,
      setName: vi.fn(),
      enableSandbox: vi.fn(),
      getVersion: () => '0.1.0',
      on: vi.fn(),
      quit: vi.fn(),
      whenReady: () => Promise.resolve(),
    },
    ipcMain: { handle: vi.fn() },
    session: { defaultSession },
  };
});
vi.mock('electron', () => electron);

describe('main process', () => {
  beforeAll(async () => {
    await import('../../src/main/index');
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  });

  it('sandboxes every renderer before any window exists', () => {
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
  });

  it('opens one locked-down window on the built page', () => {
    const [win] = electron.windows;
    expect(win.options).toMatchObject({
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      },
    });
    expect(win.loadURL).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(/^file:\/\/.*\/renderer\/index\.html$/),
    );
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
    const [, onCreated] = electron.app.on.mock.calls.find(
      ([name]) => name === 'web-contents-created',
    )!;
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: vi.fn(),
    };
    onCreated({}, contents);

    const away = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalledOnce();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalledOnce();
    expect(contents.setWindowOpenHandler.mock.calls[0][0]()).toEqual({ action: 'deny' });
  });

  it('answers appInfo over IPC, only to the app page', async () => {
    const [channel, listener] = electron.ipcMain.handle.mock.calls[0];
    expect(channel).toBe(Channel.appInfo);
    const appUrl = electron.windows[0].loadURL.mock.calls[0][0];
    expect(await listener({ senderFrame: { url: appUrl } })).toEqual({
      name: 'CNN Studio',
      version: '0.1.0',
      platform: process.platform,
      edition: 'desktop',
    });
    expect(() => listener({ senderFrame: { url: 'https://example.com/' } })).toThrow();
  });
});
