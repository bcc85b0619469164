// The editor's side of the desktop app's menus, and who owns a key: the focused field or the editor.

import type { MenuCommand } from '../../shared/backend';
import { blankTemplate } from '../templates/templates';
import type { Editor } from './editor.svelte';

/**
 * Whether a key (or the menu command it stands for) belongs to the focused element rather than the
 * editor: text fields keep their own keys, except undo and redo in the inspector, whose every valid
 * keystroke is already a model edit.
 */
export function ownsKey(element: Element | null, history: boolean): boolean {
  const field = element?.closest('input, textarea, select, [contenteditable="true"]');
  if (!field) return false;
  return !(history && field.closest('.inspector'));
}

/** What a field does with a menu command that is its own (`document.execCommand`). */
const FIELD_COMMANDS: Partial<Record<MenuCommand, string>> = {
  undo: 'undo',
  redo: 'redo',
  delete: 'delete',
  'select-all': 'selectAll',
};

/**
 * Runs a command of the desktop app's menus. Undo, redo, delete and select-all come here even
 * while a text field has the focus (macOS sends their keys to the menu), and then may be the
 * field's. Export, training and view switching belong to the views that handle them.
 */
export function runMenuCommand(editor: Editor, command: MenuCommand): void {
  const native = FIELD_COMMANDS[command];
  const history = command === 'undo' || command === 'redo';
  if (native && ownsKey(document.activeElement, history)) {
    document.execCommand(native);
    return;
  }
  const actions: Partial<Record<MenuCommand, () => void>> = {
    new: () => editor.startFrom(blankTemplate),
    open: () => void editor.open(),
    import: () => void editor.import(),
    save: () => void editor.save(),
    'save-as': () => void editor.save(true),
    undo: () => editor.undo(),
    redo: () => editor.redo(),
    delete: () => editor.deleteSelection(),
    'select-all': () => editor.selectAll(),
    'zoom-in': () => editor.view?.zoom('in'),
    'zoom-out': () => editor.view?.zoom('out'),
    fit: () => editor.fit(),
  };
  actions[command]?.();
}
