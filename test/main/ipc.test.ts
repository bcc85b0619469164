import { describe, expect, it, vi } from 'vitest';
import {
  guardedListener,
  IpcRejection,
  isPlainFileName,
  parseArguments,
  registerHandlers,
  type Handlers,
  type InvokeListener,
} from '../../src/main/ipc';
import { Channel } from '../../src/shared/channels';
import { recordOf } from '../runs/fixtures';

const appUrl = 'file:///app/out/renderer/index.html';
const trusted = (url: string): boolean => url === appUrl;
const fromApp = { senderFrame: { url: appUrl } };

const saveRequest = { path: null, suggestedName: 'LeNet-5.cnn.json', text: '{}', saveAs: false };

describe('parseArguments', () => {
  it('accepts appInfo with no arguments', () => {
    expect(parseArguments('appInfo', [])).toEqual([]);
  });

  it('refuses appInfo with arguments, naming the channel', () => {
    expect(() => parseArguments('appInfo', ['extra'])).toThrow(IpcRejection);
    expect(() => parseArguments('appInfo', ['extra'])).toThrow(/^studio:app-info: /);
  });

  it('accepts well-formed requests', () => {
    expect(parseArguments('saveFile', [saveRequest])).toEqual([saveRequest]);
    const state = { name: 'LeNet-5.cnn.json', path: '/m/LeNet-5.cnn.json', dirty: true };
    expect(parseArguments('setDocumentState', [state])).toEqual([state]);
    const exportRequest = {
      suggestedName: 'LeNet-5',
      files: [
        { name: 'model.onnx', data: new Uint8Array([1, 2]) },
        { name: 'README.txt', data: 'text' },
      ],
    };
    expect(parseArguments('exportFiles', [exportRequest])).toEqual([exportRequest]);
    expect(parseArguments('autosave', ['{}'])).toEqual(['{}']);
    expect(parseArguments('postToWorker', [1, { type: 'start', id: 3 }])).toEqual([
      1,
      { type: 'start', id: 3 },
    ]);
  });

  it('accepts a run record to keep, and run ids and labels', () => {
    const record = recordOf();
    expect(parseArguments('saveRun', [record, '{}'])).toEqual([record, '{}']);
    expect(parseArguments('relabelRun', ['run-1', { name: 'a', notes: '', tags: ['x'] }])).toEqual([
      'run-1',
      { name: 'a', notes: '', tags: ['x'] },
    ]);
    expect(parseArguments('listRuns', [])).toEqual([]);
  });

  it.each([
    ['saveRun', [{ ...recordOf(), steps: -1 }, '{}'], /steps/],
    ['saveRun', [recordOf()], /Invalid/],
    ['runModel', ['../user-data'], /run id/],
    ['deleteRun', [''], /run id/],
    ['relabelRun', ['run-1', { name: 'a', notes: '', tags: [], extra: 1 }], /Invalid key/],
  ] as const)('refuses %s(%j)', (method, args, message) => {
    expect(() => parseArguments(method, [...args])).toThrow(message);
  });

  it.each([
    ['saveFile', [{ ...saveRequest, extra: true }], /Invalid key/],
    ['saveFile', [{ ...saveRequest, saveAs: 'yes' }], /boolean/],
    ['saveFile', [{ ...saveRequest, suggestedName: '../../.bashrc' }], /file name/],
    ['saveFile', [{ ...saveRequest, text: 42 }], /string/],
    ['autosave', [], /Invalid/],
    ['setDocumentState', [{ name: '', path: null, dirty: false }], /length/],
    ['postToWorker', [0, { type: 'start' }], /Invalid/],
    ['postToWorker', [1, 'start'], /Object/],
    ['terminateWorker', [1.5], /integer/],
  ] as const)('refuses %s(%j)', (method, args, message) => {
    expect(() => parseArguments(method, [...args])).toThrow(message);
  });

  it('refuses exports with unsafe, duplicate or too many files', () => {
    const exportOf = (files: { name: string; data: string }[]) => [{ suggestedName: 'x', files }];
    const file = (name: string) => ({ name, data: '' });
    expect(() => parseArguments('exportFiles', exportOf([]))).toThrow(IpcRejection);
    expect(() => parseArguments('exportFiles', exportOf([file('a/b.py')]))).toThrow(/file name/);
    expect(() => parseArguments('exportFiles', exportOf([file('..')]))).toThrow(/file name/);
    expect(() => parseArguments('exportFiles', exportOf([file('A.py'), file('a.py')]))).toThrow(
      /distinct/,
    );
    const many = Array.from({ length: 65 }, (_, i) => file(`${i}.txt`));
    expect(() => parseArguments('exportFiles', exportOf(many))).toThrow(IpcRejection);
  });
});

describe('isPlainFileName', () => {
  it.each(['model.py', 'LeNet-5.cnn.json', 'weights (1).json', '.hidden'])('accepts %s', (name) => {
    expect(isPlainFileName(name)).toBe(true);
  });

  it.each(['a/b', 'a\\b', '..', '.', 'con:', 'a\u0000b', 'what?.txt'])('refuses %j', (name) => {
    expect(isPlainFileName(name)).toBe(false);
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
    expect(() => guardedListener('saveFile', handler, trusted)(fromApp, {})).toThrow(IpcRejection);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('registerHandlers', () => {
  it('registers one guarded listener on every channel', () => {
    const registered = new Map<string, InvokeListener>();
    const info = { name: 'CNN Studio', version: '1.0.0', platform: 'linux', edition: 'desktop' };
    const handlers = Object.fromEntries(
      Object.keys(Channel).map((method) => [method, vi.fn(() => method)]),
    ) as unknown as Handlers;
    handlers.appInfo = () => ({ ...info, edition: 'desktop' });

    registerHandlers((channel, listener) => registered.set(channel, listener), handlers, trusted);

    expect([...registered.keys()]).toEqual(Object.values(Channel));
    expect(registered.get(Channel.appInfo)?.(fromApp)).toEqual(info);
    expect(registered.get(Channel.recoverAutosave)?.(fromApp)).toBe('recoverAutosave');
    expect(() => registered.get(Channel.appInfo)?.({ senderFrame: null })).toThrow(IpcRejection);
    expect(() => registered.get(Channel.autosave)?.(fromApp)).toThrow(IpcRejection);
  });
});
