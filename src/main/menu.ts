// The native menu bar as a template: a pure function of the platform, the recent files and the
// training state, so it is tested under Node; index.ts hands it to Menu.buildFromTemplate.
// Every app action is a MenuCommand for the page; cut, copy and paste keep their native roles.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/backend';
import type { RunState } from '../shared/protocol';
import { recentLabel } from './recentFiles';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Open Recent's files, most recent first. */
  recent: readonly string[];
  /** The training run's state, as the worker host last saw it. */
  training: RunState;
  /** Developer tools are only on the menu of an unpackaged (development) build. */
  development: boolean;
  send(command: MenuCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
}

type Item = MenuItemConstructorOptions;

export function menuTemplate(options: MenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  const command = (id: MenuCommand, label: string, accelerator?: string, extra: Item = {}) => ({
    id,
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => options.send(id),
    ...extra,
  });
  const separator: Item = { type: 'separator' };
  // `&` marks the Alt-key mnemonic on Windows and Linux; macOS has no mnemonics.
  const top = (label: string): string => (mac ? label.replace('&', '') : label);

  const file: Item = {
    label: top('&File'),
    submenu: [
      command('new', 'New', 'CmdOrCtrl+N'),
      command('open', 'Open…', 'CmdOrCtrl+O'),
      { id: 'open-recent', label: 'Open Recent', submenu: recentMenu(options) },
      command('import', 'Import…', 'CmdOrCtrl+I'),
      separator,
      command('save', 'Save', 'CmdOrCtrl+S'),
      command('save-as', 'Save As…', 'CmdOrCtrl+Shift+S'),
      {
        id: 'export',
        label: 'Export',
        submenu: [
          command('export-json', 'Model JSON…', 'CmdOrCtrl+E'),
          command('export-tfjs', 'TensorFlow.js…'),
          command('export-onnx', 'ONNX…'),
          command('export-pytorch', 'PyTorch…'),
        ],
      },
      separator,
      // macOS closes windows from the File menu and quits from the app menu.
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };

  const edit: Item = {
    label: top('&Edit'),
    submenu: [
      command('undo', 'Undo', 'CmdOrCtrl+Z'),
      command('redo', 'Redo', options.platform === 'win32' ? 'CmdOrCtrl+Y' : 'CmdOrCtrl+Shift+Z'),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      // No accelerator: the Delete key belongs to the focused field or the node editor.
      command('delete', 'Delete'),
      separator,
      command('select-all', 'Select All', 'CmdOrCtrl+A'),
    ],
  };

  const view: Item = {
    label: top('&View'),
    submenu: [
      command('show-editor', 'Editor', 'CmdOrCtrl+1'),
      command('show-dashboard', 'Dashboard', 'CmdOrCtrl+2'),
      separator,
      command('zoom-in', 'Zoom In', 'CmdOrCtrl+='),
      command('zoom-out', 'Zoom Out', 'CmdOrCtrl+-'),
      command('fit', 'Fit', 'CmdOrCtrl+0'),
      separator,
      { role: 'togglefullscreen' },
      ...(options.development ? [{ role: 'toggleDevTools' } as const] : []),
    ],
  };

  const { training } = options;
  const train: Item = {
    label: top('&Train'),
    submenu: [
      // Start with no model loaded is fine: the page loads the document it shows first.
      command('train-start', training === 'paused' ? 'Resume' : 'Start', 'F5', {
        enabled: training !== 'running' && training !== 'stopping',
      }),
      command('train-pause', 'Pause', 'F6', { enabled: training === 'running' }),
      command('train-stop', 'Stop', 'Shift+F5', {
        enabled: training === 'running' || training === 'paused',
      }),
    ],
  };

  const help: Item = {
    label: top('&Help'),
    role: 'help',
    submenu: [
      command('show-model-format', 'The Model Format', 'F1'),
      ...(mac ? [] : [separator, { role: 'about', label: `About ${options.appName}` } as const]),
    ],
  };

  const macOnly: Item[] = mac ? [{ role: 'appMenu', label: options.appName }] : [];
  return [
    ...macOnly,
    file,
    edit,
    view,
    train,
    ...(mac ? [{ role: 'windowMenu' } as Item] : []),
    help,
  ];
}

function recentMenu(options: MenuOptions): Item[] {
  if (options.recent.length === 0) return [{ label: 'No Recent Files', enabled: false }];
  return [
    ...options.recent.map((path) => ({
      label: recentLabel(path),
      click: () => options.openRecent(path),
    })),
    { type: 'separator' },
    { id: 'clear-recent', label: 'Clear Recently Opened', click: () => options.clearRecent() },
  ];
}
