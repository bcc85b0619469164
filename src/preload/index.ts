// Exposes the backend to the page as `window.studio`: one function per method, each a single
// invoke on its channel. The page never gets ipcRenderer itself.

import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, type StudioBackend } from '../shared/backend';
import { Channel } from '../shared/channels';

const studio: StudioBackend = {
  appInfo: () => ipcRenderer.invoke(Channel.appInfo),
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, studio);
