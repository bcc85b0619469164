import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioBackend } from '../../src/shared/backend';
import { Channel, EventChannel } from '../../src/shared/channels';

// The Electron binary may be absent, so the preload meets a stand-in for its two APIs.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
}));
vi.mock('electron', () => electron);

function exposed(): StudioBackend {
  return electron.contextBridge.exposeInMainWorld.mock.calls[0][1];
}

/** Delivers a message from main on `channel`, as ipcRenderer would. */
function fromMain(channel: string, payload: unknown): void {
  for (const [name, listener] of electron.ipcRenderer.on.mock.calls) {
    if (name === channel) listener({ sender: 'ipc' }, payload);
  }
}

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    vi.clearAllMocks();
    await import('../../src/preload/index');
  });

  it('exposes exactly one object, window.studio, with one function per method', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0];
    expect(key).toBe('studio');
    expect(Object.keys(api).sort()).toEqual(
      [...Object.keys(Channel), ...Object.keys(EventChannel)].sort(),
    );
    for (const value of Object.values(api)) expect(value).toBeTypeOf('function');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('turns appInfo() into one invoke on its channel, with no arguments', async () => {
    const info = { name: 'CNN Studio', version: '0.1.0', platform: 'linux', edition: 'desktop' };
    electron.ipcRenderer.invoke.mockResolvedValue(info);
    await expect(exposed().appInfo()).resolves.toEqual(info);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(Channel.appInfo);
  });

  it('passes each method its arguments on its own channel', async () => {
    const api = exposed();
    const request = { path: null, suggestedName: 'a.cnn.json', text: '{}', saveAs: true };
    await api.saveFile(request);
    await api.postToWorker(2, { type: 'start' });
    await api.setDocumentState({ name: 'a.cnn.json', path: null, dirty: true });
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [Channel.saveFile, request],
      [Channel.postToWorker, 2, { type: 'start' }],
      [Channel.setDocumentState, { name: 'a.cnn.json', path: null, dirty: true }],
    ]);
  });

  it('delivers menu commands to listeners until they unsubscribe, without the IPC event', () => {
    const api = exposed();
    const listener = vi.fn();
    fromMain(EventChannel.onMenuCommand, 'new'); // nobody listens yet: dropped
    const unsubscribe = api.onMenuCommand(listener);
    fromMain(EventChannel.onMenuCommand, 'save');
    unsubscribe();
    fromMain(EventChannel.onMenuCommand, 'open');
    expect(listener.mock.calls).toEqual([['save']]);
  });

  it('holds files to open until the page listens', () => {
    const file = { name: 'a.cnn.json', path: '/m/a.cnn.json', text: '{}' };
    fromMain(EventChannel.onOpenDocument, file);
    const listener = vi.fn();
    exposed().onOpenDocument(listener);
    expect(listener).toHaveBeenCalledExactlyOnceWith(file);
  });
});
