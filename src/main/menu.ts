// The native menu bar as a template: a pure function of the platform, the recent files and the
// training state, so it is tested under Node; index.ts hands it to Menu.buildFromTemplate.
// Every app action is a Command for the page, named and keyed as the commands table says; cut,
// copy and paste keep their native roles.

import type { MenuItemConstructorOptions } from 'electron';
import {
  acceleratorOf,
  CLIPBOARD_KEYS,
  COMMANDS,
  shortcutOf,
  type Command,
} from '../shared/commands';
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
  send(command: Command): void;
  openRecent(path: string): void;
  clearRecent(): void;
}

type Item = MenuItemConstructorOptions;

export function menuTemplate(options: MenuOptions): Item[] {
  const mac = options.platform === 'darwin';
  const command = (id: Command, extra: Item = {}): Item => {
    const shortcut = shortcutOf(id, options.platform);
    return {
      id,
      label: COMMANDS[id].label,
      ...(shortcut ? { accelerator: acceleratorOf(shortcut) } : {}),
      click: () => options.send(id),
      ...extra,
    };
  };
  const separator: Item = { type: 'separator' };
  // `&` marks the Alt-key mnemonic on Windows and Linux; macOS has no mnemonics.
  const top = (label: string): string => (mac ? label.replace('&', '') : label);

  const file: Item = {
    label: top('&File'),
    submenu: [
      command('new'),
      command('open'),
      { id: 'open-recent', label: 'Open Recent', submenu: recentMenu(options) },
      command('import'),
      separator,
      command('save'),
      command('save-as'),
      {
        id: 'export',
        label: 'Export',
        submenu: [
          command('export-json'),
          command('export-tfjs'),
          command('export-onnx'),
          command('export-pytorch'),
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
      command('undo'),
      command('redo'),
      separator,
      ...(['cut', 'copy', 'paste'] as const).map((role): Item => ({
        role,
        accelerator: acceleratorOf(CLIPBOARD_KEYS[role].key),
      })),
      command('duplicate'),
      command('delete'),
      command('make-block'),
      separator,
      command('select-all'),
    ],
  };

  const view: Item = {
    label: top('&View'),
    submenu: [
      command('show-editor'),
      command('show-dashboard'),
      command('show-runs'),
      separator,
      command('zoom-in'),
      command('zoom-out'),
      command('fit'),
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
      command('train-start', {
        ...(training === 'paused' ? { label: 'Resume' } : {}),
        enabled: training !== 'running' && training !== 'stopping',
      }),
      command('train-pause', { enabled: training === 'running' }),
      command('train-stop', {
        enabled: training === 'running' || training === 'paused',
      }),
    ],
  };

  const help: Item = {
    label: top('&Help'),
    role: 'help',
    submenu: [
      command('show-help'),
      command('show-shortcuts'),
      command('show-model-format'),
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
