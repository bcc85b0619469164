import { describe, expect, it, vi } from 'vitest';
import {
  guardedListener,
  IpcRejection,
  parseArguments,
  registerHandlers,
  type Handlers,
  type InvokeListener,
} from '../../src/main/ipc';
import { Channel } from '../../src/shared/channels';

const appUrl = 'file:///app/out/renderer/index.html';
const trusted = (url: string): boolean => url === appUrl;
const fromApp = { senderFrame: { url: appUrl } };

describe('parseArguments', () => {
  it('accepts appInfo with no arguments', () => {
    expect(parseArguments('appInfo', [])).toEqual([]);
  });

  it('refuses appInfo with arguments, naming the channel', () => {
    expect(() => parseArguments('appInfo', ['extra'])).toThrow(IpcRejection);
    expect(() => parseArguments('appInfo', ['extra'])).toThrow(/^studio:app-info: /);
  });
});

describe('guardedListener', () => {
  it('calls the handler for a valid message from the app', () => {
    const handler = vi.fn(() => 'answer');
    expect(guardedListener('appInfo', handler, trusted)(fromApp)).toBe('answer');
    expect(handler).toHaveBeenCalledExactlyOnceWith();
  });

  it('refuses a message from another page without calling the handler', () => {
    const handler = vi.fn();
    const listener = guardedListener('appInfo', handler, trusted);
    expect(() => listener({ senderFrame: { url: 'https://example.com/' } })).toThrow(
      'studio:app-info: refused a message from https://example.com/',
    );
    expect(() => listener({ senderFrame: null })).toThrow(IpcRejection);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses invalid arguments without calling the handler', () => {
    const handler = vi.fn();
    expect(() => guardedListener('appInfo', handler, trusted)(fromApp, 1, 2)).toThrow(IpcRejection);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('registerHandlers', () => {
  it('registers one guarded listener on every channel', () => {
    const registered = new Map<string, InvokeListener>();
    const info = { name: 'CNN Studio', version: '1.0.0', platform: 'linux', edition: 'desktop' };
    const handlers: Handlers = { appInfo: () => ({ ...info, edition: 'desktop' }) };

    registerHandlers((channel, listener) => registered.set(channel, listener), handlers, trusted);

    expect([...registered.keys()]).toEqual(Object.values(Channel));
    expect(registered.get(Channel.appInfo)?.(fromApp)).toEqual(info);
    expect(() => registered.get(Channel.appInfo)?.({ senderFrame: null })).toThrow(IpcRejection);
  });
});
