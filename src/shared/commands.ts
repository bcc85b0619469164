// The app's commands: what each is called and which keys stand for it. One table serves the
// desktop app's native menus (labels, accelerators), the page's keyboard and the buttons that show
// a shortcut; what each command does is the page's (src/renderer/commands).

/** A key and its modifiers; `mod` is Cmd on macOS and Ctrl elsewhere. */
export interface Key {
  /** `KeyboardEvent.key`: a lower-case character or a named key (`Delete`, `F5`). */
  key: string;
  mod?: true;
  shift?: true;
  /** A platform whose keyboard does not have this key for the command. */
  except?: NodeJS.Platform;
}

export interface CommandFacts {
  /** Its name on menus and buttons. */
  label: string;
  /** Its name away from its menu (in a search), where the label alone says too little. */
  title?: string;
  /** The key shown beside it and bound by the native menu; by platform where they differ. */
  shortcut?: Key | ((platform: NodeJS.Platform) => Key);
  /**
   * The keys the page answers to itself (`shortcut` stands for the shortcut). Keys the browser
   * keeps for itself (Ctrl+N, F5) are left to the desktop app's menu.
   */
  keys?: readonly (Key | 'shortcut')[];
  /** It acts on the document even while a text field has the focus. */
  global?: true;
}

const mod = (key: string, shift?: true): Key =>
  shift ? { key, mod: true, shift } : { key, mod: true };

export const COMMANDS = {
  new: { label: 'New', shortcut: mod('n') },
  open: { label: 'Open…', shortcut: mod('o'), keys: ['shortcut'], global: true },
  import: { label: 'Import…', shortcut: mod('i'), keys: ['shortcut'], global: true },
  save: { label: 'Save', shortcut: mod('s'), keys: ['shortcut'], global: true },
  'save-as': { label: 'Save As…', shortcut: mod('s', true), keys: ['shortcut'], global: true },
  'export-json': { label: 'Model JSON…', title: 'Export Model JSON…', shortcut: mod('e') },
  'export-tfjs': { label: 'TensorFlow.js…', title: 'Export TensorFlow.js…' },
  'export-onnx': { label: 'ONNX…', title: 'Export ONNX…' },
  'export-pytorch': { label: 'PyTorch…', title: 'Export PyTorch…' },
  undo: { label: 'Undo', shortcut: mod('z'), keys: ['shortcut'] },
  redo: {
    label: 'Redo',
    shortcut: (platform) => (platform === 'win32' ? mod('y') : mod('z', true)),
    keys: [mod('z', true), { ...mod('y'), except: 'darwin' }],
  },
  duplicate: { label: 'Duplicate', shortcut: mod('d'), keys: ['shortcut'] },
  'make-block': { label: 'Make Block', shortcut: mod('g'), keys: ['shortcut'] },
  // The Delete key belongs to the focused field or the node editor: the menu does not bind it.
  delete: { label: 'Delete', keys: [{ key: 'Delete' }, { key: 'Backspace' }] },
  'select-all': { label: 'Select All', shortcut: mod('a'), keys: ['shortcut'] },
  'zoom-in': {
    label: 'Zoom In',
    shortcut: mod('='),
    // `+` needs Shift on most keyboards; `=` is the same key unshifted.
    keys: [{ key: '+' }, { key: '=' }],
  },
  'zoom-out': { label: 'Zoom Out', shortcut: mod('-'), keys: [{ key: '-' }, { key: '−' }] },
  fit: { label: 'Fit', shortcut: mod('0'), keys: ['shortcut', { key: 'f' }] },
  'show-editor': { label: 'Editor', title: 'Show the Editor', shortcut: mod('1') },
  'show-dashboard': { label: 'Dashboard', title: 'Show the Dashboard', shortcut: mod('2') },
  'show-runs': { label: 'Runs', title: 'Show the Runs', shortcut: mod('3') },
  'train-start': { label: 'Start', title: 'Start Training', shortcut: { key: 'F5' } },
  'train-pause': { label: 'Pause', title: 'Pause Training', shortcut: { key: 'F6' } },
  'train-stop': { label: 'Stop', title: 'Stop Training', shortcut: { key: 'F5', shift: true } },
  // F1 and ? open Help in the web edition too, which has no menu bar; ? only where it types
  // nothing (see Commands.press).
  'show-help': {
    label: 'CNN Studio Help',
    title: 'Help',
    shortcut: { key: 'F1' },
    keys: ['shortcut', { key: '?' }],
    global: true,
  },
  'show-shortcuts': { label: 'Keyboard Shortcuts', title: 'Help: Keyboard Shortcuts' },
  'show-model-format': { label: 'The Model Format', title: 'Help: The Model Format' },
} as const satisfies Record<string, CommandFacts>;

/**
 * Cut, copy and paste: not commands (the page gets them as the DOM's clipboard events, and the
 * desktop app's Edit menu keeps their native roles), but keys all the same.
 */
export const CLIPBOARD_KEYS = {
  cut: { label: 'Cut', key: mod('x') },
  copy: { label: 'Copy', key: mod('c') },
  paste: { label: 'Paste', key: mod('v') },
} as const satisfies Record<string, { label: string; key: Key }>;

export type Command = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as Command[];

/** The command's name away from its menu: `Export ONNX…`, `Save`. */
export function titleOf(command: Command): string {
  const facts = COMMANDS[command] as CommandFacts;
  return facts.title ?? facts.label;
}

/** The command's shortcut on `platform`, if it has one. */
export function shortcutOf(command: Command, platform: NodeJS.Platform): Key | undefined {
  const { shortcut } = COMMANDS[command] as CommandFacts;
  return typeof shortcut === 'function' ? shortcut(platform) : shortcut;
}

/** The keys the page answers to for the command on `platform`. */
export function pageKeysOf(command: Command, platform: NodeJS.Platform): Key[] {
  const { keys = [] } = COMMANDS[command] as CommandFacts;
  return keys
    .map((key) => (key === 'shortcut' ? shortcutOf(command, platform) : key))
    .filter((key): key is Key => key !== undefined && key.except !== platform);
}

const named = (key: string) => (key.length === 1 ? key.toUpperCase() : key);

/** The shortcut as Electron's menu accelerator (`CmdOrCtrl+Shift+S`, `F5`). */
export function acceleratorOf(key: Key): string {
  return [key.mod && 'CmdOrCtrl', key.shift && 'Shift', named(key.key)].filter(Boolean).join('+');
}

/** The shortcut as people read it on the platform: `⌘⇧S` on macOS, `Ctrl+Shift+S` elsewhere. */
export function keyLabel(key: Key, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `${key.shift ? '⇧' : ''}${key.mod ? '⌘' : ''}${named(key.key)}`;
  return [key.mod && 'Ctrl', key.shift && 'Shift', named(key.key)].filter(Boolean).join('+');
}
