// Keyboard shortcuts of the editor: which command a key press means. Ctrl on Linux and Windows,
// Cmd on macOS.

export type Command =
  | 'undo'
  | 'redo'
  | 'delete'
  | 'duplicate'
  | 'selectAll'
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'open'
  | 'import'
  | 'save'
  | 'saveAs';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function commandFor(press: KeyPress, mac: boolean): Command | null {
  const mod = mac ? press.metaKey : press.ctrlKey;
  const other = mac ? press.ctrlKey : press.metaKey;
  if (press.altKey || other) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (mod) {
    if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !mac && !press.shiftKey) return 'redo';
    if (key === 's') return press.shiftKey ? 'saveAs' : 'save';
    // As View ▸ Fit in the desktop app's menu.
    if (key === '0') return 'fit';
    if (press.shiftKey) return null;
    // Copy, cut and paste are not here: they arrive as the DOM's clipboard events.
    const plain: Record<string, Command> = {
      d: 'duplicate',
      a: 'selectAll',
      o: 'open',
      i: 'import',
    };
    return plain[key] ?? null;
  }
  // `+` needs Shift on most keyboards; `=` is the same key unshifted.
  if (key === '+' || key === '=') return 'zoomIn';
  if (key === '-' || key === '−') return 'zoomOut';
  if (press.shiftKey) return null;
  if (key === 'Delete' || key === 'Backspace') return 'delete';
  if (key === 'f') return 'fit';
  return null;
}

/** Commands that act on the document even while a text field has the focus. */
export const GLOBAL_COMMANDS: ReadonlySet<Command> = new Set(['open', 'import', 'save', 'saveAs']);
