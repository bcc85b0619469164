import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuOptions } from '../../src/main/menu';
import { COMMAND_IDS, COMMANDS } from '../../src/shared/commands';

type Item = MenuItemConstructorOptions;

function template(overrides: Partial<MenuOptions> = {}) {
  const options: MenuOptions = {
    platform: 'linux',
    appName: 'CNN Studio',
    recent: [],
    training: 'ready',
    development: false,
    send: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    ...overrides,
  };
  return { options, menu: menuTemplate(options) };
}

function children(item: Item): Item[] {
  return Array.isArray(item.submenu) ? item.submenu : [];
}

function all(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...all(children(item))]);
}

function byId(items: Item[], id: string): Item {
  const found = all(items).find((item) => item.id === id);
  if (!found) throw new Error(`no menu item ${id}`);
  return found;
}

function click(item: Item): void {
  (item.click as () => void)();
}

describe('the menu bar', () => {
  it('has File, Edit, View, Train and Help, with mnemonics off macOS', () => {
    expect(template().menu.map((item) => item.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Train',
      '&Help',
    ]);
  });

  it('on macOS adds the app and Window menus and drops the mnemonics', () => {
    const { menu } = template({ platform: 'darwin' });
    expect(menu.map((item) => item.label ?? item.role)).toEqual([
      'CNN Studio',
      'File',
      'Edit',
      'View',
      'Train',
      'windowMenu',
      'Help',
    ]);
  });

  it('sends every menu command to the page, from an item with its id', () => {
    const { menu, options } = template({ training: 'paused' });
    for (const command of COMMAND_IDS) {
      const item = byId(menu, command);
      click(item);
      expect(options.send).toHaveBeenLastCalledWith(command);
      if (command !== 'train-start') expect(item.label).toBe(COMMANDS[command].label);
    }
    expect(options.send).toHaveBeenCalledTimes(COMMAND_IDS.length);
  });

  it.each([
    ['new', 'CmdOrCtrl+N'],
    ['open', 'CmdOrCtrl+O'],
    ['import', 'CmdOrCtrl+I'],
    ['save', 'CmdOrCtrl+S'],
    ['save-as', 'CmdOrCtrl+Shift+S'],
    ['export-json', 'CmdOrCtrl+E'],
    ['undo', 'CmdOrCtrl+Z'],
    ['redo', 'CmdOrCtrl+Shift+Z'],
    ['duplicate', 'CmdOrCtrl+D'],
    ['select-all', 'CmdOrCtrl+A'],
    ['zoom-in', 'CmdOrCtrl+='],
    ['zoom-out', 'CmdOrCtrl+-'],
    ['fit', 'CmdOrCtrl+0'],
    ['show-editor', 'CmdOrCtrl+1'],
    ['show-dashboard', 'CmdOrCtrl+2'],
    ['show-runs', 'CmdOrCtrl+3'],
    ['train-start', 'F5'],
    ['train-pause', 'F6'],
    ['train-stop', 'Shift+F5'],
    ['show-help', 'F1'],
  ])('%s has the accelerator %s', (id, accelerator) => {
    expect(byId(template().menu, id).accelerator).toBe(accelerator);
  });

  it('uses Ctrl+Y for Redo on Windows', () => {
    expect(byId(template({ platform: 'win32' }).menu, 'redo').accelerator).toBe('CmdOrCtrl+Y');
  });

  it('binds no key to Delete or the other export formats, which have none', () => {
    for (const id of ['delete', 'export-tfjs', 'export-onnx', 'export-pytorch']) {
      expect(byId(template().menu, id)).not.toHaveProperty('accelerator');
    }
  });

  it('opens Help at its start, its shortcuts or the model format, from the Help menu', () => {
    const { options, menu } = template();
    const help = children(menu.at(-1)!);
    expect(help.slice(0, 3).map((item) => item.label)).toEqual([
      'CNN Studio Help',
      'Keyboard Shortcuts',
      'The Model Format',
    ]);
    for (const item of help.slice(0, 3)) click(item);
    expect(options.send).toHaveBeenCalledTimes(3);
    expect(vi.mocked(options.send).mock.calls.flat()).toEqual([
      'show-help',
      'show-shortcuts',
      'show-model-format',
    ]);
  });

  it('binds cut, copy and paste to the keys Help lists for them', () => {
    const accelerators = Object.fromEntries(
      all(template().menu)
        .filter((item) => ['cut', 'copy', 'paste'].includes(item.role ?? ''))
        .map((item) => [item.role, item.accelerator]),
    );
    expect(accelerators).toEqual({ cut: 'CmdOrCtrl+X', copy: 'CmdOrCtrl+C', paste: 'CmdOrCtrl+V' });
  });

  it('keeps cut, copy and paste native, and quits from File off macOS', () => {
    const { menu } = template();
    const roles = all(menu).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'quit', 'about']));
    expect(all(template({ platform: 'darwin' }).menu).map((item) => item.role)).not.toContain(
      'quit',
    );
  });

  it('lists Export formats in their submenu', () => {
    expect(children(byId(template().menu, 'export')).map((item) => item.label)).toEqual([
      'Model JSON…',
      'TensorFlow.js…',
      'ONNX…',
      'PyTorch…',
    ]);
  });

  it('offers developer tools only in a development build', () => {
    const roles = (development: boolean) =>
      all(template({ development }).menu).map((item) => item.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});

describe('Open Recent', () => {
  it('says there is nothing when the list is empty', () => {
    const [only, ...rest] = children(byId(template().menu, 'open-recent'));
    expect(only).toMatchObject({ label: 'No Recent Files', enabled: false });
    expect(rest).toEqual([]);
  });

  it('opens a recent file and clears the list', () => {
    const { menu, options } = template({ recent: ['/m/a.cnn.json', '/m/b.cnn.json'] });
    const items = children(byId(menu, 'open-recent'));
    expect(items[0].label).toMatch(/^a\.cnn\.json — /);
    click(items[1]);
    expect(options.openRecent).toHaveBeenCalledExactlyOnceWith('/m/b.cnn.json');
    click(byId(menu, 'clear-recent'));
    expect(options.clearRecent).toHaveBeenCalledOnce();
  });
});

describe('the Train menu', () => {
  const enabled = (training: MenuOptions['training']) => {
    const { menu } = template({ training });
    return ['train-start', 'train-pause', 'train-stop'].map((id) => byId(menu, id).enabled);
  };

  it.each([
    ['empty', [true, false, false]],
    ['ready', [true, false, false]],
    ['running', [false, true, true]],
    ['paused', [true, false, true]],
    ['stopping', [false, false, false]],
    ['finished', [true, false, false]],
  ] as const)('when %s enables Start, Pause, Stop as %j', (training, expected) => {
    expect(enabled(training)).toEqual(expected);
  });

  it('offers Resume while paused', () => {
    expect(byId(template({ training: 'paused' }).menu, 'train-start').label).toBe('Resume');
  });
});
