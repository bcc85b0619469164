// Exposes the backend to the page as `window.studio`: one function per method, each a single
// invoke on its channel, and one subscription per kind of message from main. The page never gets
// ipcRenderer itself.

import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_KEY,
  type OpenedFile,
  type StudioBackend,
  type Unsubscribe,
  type WorkerMessage,
} from '../shared/backend';
import type { Command } from '../shared/commands';
import { Channel, EventChannel } from '../shared/channels';

/**
 * Listeners for one of main's messages. With `holdUntilListened`, messages that arrive before the
 * page subscribes wait for it: a file named on the command line is sent as soon as the page loads,
 * which may be before the app has mounted.
 */
function subscription<T>(
  channel: string,
  holdUntilListened: boolean,
): (listener: (value: T) => void) => Unsubscribe {
  const listeners = new Set<(value: T) => void>();
  const held: T[] = [];
  ipcRenderer.on(channel, (_event, value: T) => {
    if (listeners.size === 0 && holdUntilListened) held.push(value);
    for (const listener of listeners) listener(value);
  });
  return (listener) => {
    listeners.add(listener);
    for (const value of held.splice(0)) listener(value);
    return () => void listeners.delete(listener);
  };
}

const studio: StudioBackend = {
  appInfo: () => ipcRenderer.invoke(Channel.appInfo),
  openFile: () => ipcRenderer.invoke(Channel.openFile),
  saveFile: (request) => ipcRenderer.invoke(Channel.saveFile, request),
  chooseImportFile: () => ipcRenderer.invoke(Channel.chooseImportFile),
  readImportFile: (handle, offset) => ipcRenderer.invoke(Channel.readImportFile, handle, offset),
  exportFiles: (request) => ipcRenderer.invoke(Channel.exportFiles, request),
  autosave: (text) => ipcRenderer.invoke(Channel.autosave, text),
  recoverAutosave: () => ipcRenderer.invoke(Channel.recoverAutosave),
  setDocumentState: (state) => ipcRenderer.invoke(Channel.setDocumentState, state),
  resumeDocument: () => ipcRenderer.invoke(Channel.resumeDocument),
  onMenuCommand: subscription<Command>(EventChannel.onMenuCommand, false),
  onOpenDocument: subscription<OpenedFile>(EventChannel.onOpenDocument, true),
  recoverTrainedModel: () => ipcRenderer.invoke(Channel.recoverTrainedModel),
  spawnWorker: () => ipcRenderer.invoke(Channel.spawnWorker),
  postToWorker: (worker, command) => ipcRenderer.invoke(Channel.postToWorker, worker, command),
  terminateWorker: (worker) => ipcRenderer.invoke(Channel.terminateWorker, worker),
  onWorkerMessage: subscription<WorkerMessage>(EventChannel.onWorkerMessage, false),
  saveRun: (record, trained) => ipcRenderer.invoke(Channel.saveRun, record, trained),
  listRuns: () => ipcRenderer.invoke(Channel.listRuns),
  runModel: (id) => ipcRenderer.invoke(Channel.runModel, id),
  relabelRun: (id, labels) => ipcRenderer.invoke(Channel.relabelRun, id, labels),
  deleteRun: (id) => ipcRenderer.invoke(Channel.deleteRun, id),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, studio);
