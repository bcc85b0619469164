// The page's side of the commands table: what each command does, and the one way in for the
// desktop app's menus, the header's buttons and the keyboard. A text field with the focus may
// take a command as its own.

import { COMMANDS, shortcutOf, keyLabel, type Command } from '../../shared/commands';
import type { Dashboard } from '../dashboard/dashboard.svelte';
import type { Editor } from '../editor/editor.svelte';
import { MENU_FORMATS } from '../export/formats';
import type { HelpPage } from '../help/pages';
import { blankTemplate } from '../templates/templates';
import { commandFor, type KeyPress } from './keys';

export type Actions = Record<Command, () => void>;

/** What each command does, to the editor, Train mode or Help. */
export function commandActions(
  editor: Editor,
  dashboard: Dashboard,
  showHelp: (page: HelpPage) => void,
): Actions {
  const exportAs = (command: keyof typeof MENU_FORMATS) => () =>
    dashboard.exportModel(MENU_FORMATS[command]);
  return {
    new: () => editor.startFrom(blankTemplate),
    open: () => void editor.open(),
    import: () => void editor.import(),
    save: () => void editor.save(),
    'save-as': () => void editor.save(true),
    'export-json': exportAs('export-json'),
    'export-tfjs': exportAs('export-tfjs'),
    'export-onnx': exportAs('export-onnx'),
    'export-pytorch': exportAs('export-pytorch'),
    undo: () => editor.undo(),
    redo: () => editor.redo(),
    duplicate: () => editor.duplicate(),
    'make-block': () => editor.makeBlock(),
    delete: () => editor.deleteSelection(),
    'select-all': () => editor.selectAll(),
    'zoom-in': () => editor.view?.zoom('in'),
    'zoom-out': () => editor.view?.zoom('out'),
    fit: () => editor.fit(),
    'show-editor': () => dashboard.show('design'),
    'show-dashboard': () => dashboard.show('train'),
    'show-runs': () => dashboard.show('runs'),
    'train-start': () => void dashboard.start(),
    'train-pause': () => void (dashboard.session.active ? dashboard.togglePause() : undefined),
    'train-stop': () => void (dashboard.session.active ? dashboard.stop() : undefined),
    'show-help': () => showHelp('start'),
    'show-shortcuts': () => showHelp('shortcuts'),
    'show-model-format': () => showHelp('format'),
  };
}

/**
 * Whether a key (or the command it stands for) belongs to the focused element rather than the
 * app: text fields keep their own keys, except undo and redo in the inspector, whose every valid
 * keystroke is already a model edit; a dialog (Help, an enlarged map) keeps every key, so none
 * edits the model behind it.
 */
export function ownsKey(element: Element | null, history: boolean): boolean {
  if (element?.closest('dialog[open]')) return true;
  const field = element?.closest('input, textarea, select, [contenteditable="true"]');
  if (!field) return false;
  return !(history && field.closest('.inspector'));
}

const isHistory = (command: Command) => command === 'undo' || command === 'redo';

/** What a field does with a command that is its own (`document.execCommand`). */
const FIELD_COMMANDS: Partial<Record<Command, string>> = {
  undo: 'undo',
  redo: 'redo',
  delete: 'delete',
  'select-all': 'selectAll',
};

export class Commands {
  constructor(
    private readonly actions: Actions,
    private readonly platform: NodeJS.Platform,
  ) {}

  /**
   * Runs a command chosen on a menu or a button. Undo, redo, delete and select-all come from the
   * desktop app's menu even while a text field has the focus (macOS sends their keys to the menu),
   * and then are the field's.
   */
  run(command: Command): void {
    const native = FIELD_COMMANDS[command];
    if (native && ownsKey(document.activeElement, isHistory(command))) {
      document.execCommand(native);
      return;
    }
    this.actions[command]();
  }

  /**
   * Runs the command a key press stands for, unless the key is the focused field's; true when it
   * ran (the press is then the app's, not the browser's). A key that types a character (`?`) is
   * always the field's, even for a command that acts from anywhere.
   */
  press(press: KeyPress, target: Element | null): boolean {
    const command = commandFor(press, this.platform);
    if (!command) return false;
    const { global } = COMMANDS[command] as { global?: true };
    const types = press.key.length === 1 && !press.ctrlKey && !press.metaKey;
    if ((!global || types) && ownsKey(target, isHistory(command))) return false;
    this.actions[command]();
    return true;
  }

  /** Its name on a button's tooltip, with its shortcut: `Open… (Ctrl+O)`. */
  title(command: Command, label: string = COMMANDS[command].label): string {
    const shortcut = shortcutOf(command, this.platform);
    return shortcut ? `${label} (${keyLabel(shortcut, this.platform)})` : label;
  }
}
