import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel } from '../../src/shared/channels';

// The Electron binary may be absent, so the preload meets a stand-in for its two APIs.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn() },
}));
vi.mock('electron', () => electron);

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
    expect(Object.keys(api)).toEqual(Object.keys(Channel));
    for (const value of Object.values(api)) expect(value).toBeTypeOf('function');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('turns appInfo() into one invoke on its channel, with no arguments', async () => {
    const info = { name: 'CNN Studio', version: '0.1.0', platform: 'linux', edition: 'desktop' };
    electron.ipcRenderer.invoke.mockResolvedValue(info);
    const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0];
    await expect(api.appInfo()).resolves.toEqual(info);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(Channel.appInfo);
  });
});
