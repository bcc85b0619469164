import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_IDS, type Command } from '../../shared/commands';
import { Commands, ownsKey, type Actions } from './commands';
import { press } from '../../../test/commands/fixtures';

/** Actions that record which command ran. */
function recording() {
  const ran: Command[] = [];
  const actions = Object.fromEntries(
    COMMAND_IDS.map((command) => [command, () => void ran.push(command)]),
  ) as Actions;
  return { ran, actions };
}

/** An element as `closest` sees it: the selectors it would match, itself or an ancestor. */
function element(...matching: string[]): Element {
  return {
    closest: (selector: string) =>
      selector.split(',').some((s) => matching.includes(s.trim())) ? element(...matching) : null,
  } as unknown as Element;
}

const textField = element('input');
const inHelp = element('dialog[open]', 'button');
const inspectorField = element('input', '.inspector');
const button = element('button');

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ownsKey', () => {
  it('gives a text field its own keys, but the inspector’s undo and redo to the model', () => {
    expect(ownsKey(null, false)).toBe(false);
    expect(ownsKey(button, false)).toBe(false);
    expect(ownsKey(textField, false)).toBe(true);
    expect(ownsKey(textField, true)).toBe(true);
    expect(ownsKey(inspectorField, false)).toBe(true);
    expect(ownsKey(inspectorField, true)).toBe(false);
  });

  it('gives an open dialog every key, so none edits the model behind it', () => {
    expect(ownsKey(inHelp, false)).toBe(true);
    expect(ownsKey(inHelp, true)).toBe(true);
  });
});

describe('Commands', () => {
  /** A page whose focus is on `focused`; `execCommand` records what the field was told. */
  function page(focused: Element | null) {
    const native: string[] = [];
    vi.stubGlobal('document', {
      activeElement: focused,
      execCommand: (name: string) => native.push(name),
    });
    return native;
  }

  it('runs a menu or button command on the app while no field has the focus', () => {
    const { ran, actions } = recording();
    const native = page(button);
    const commands = new Commands(actions, 'linux');
    for (const command of COMMAND_IDS) commands.run(command);
    expect(ran).toEqual(COMMAND_IDS);
    expect(native).toEqual([]);
  });

  it("hands undo, redo, delete and select-all to the focused field as the field's own", () => {
    const { ran, actions } = recording();
    const native = page(textField);
    const commands = new Commands(actions, 'darwin');
    for (const command of ['undo', 'redo', 'delete', 'select-all', 'save', 'fit'] as const) {
      commands.run(command);
    }
    expect(native).toEqual(['undo', 'redo', 'delete', 'selectAll']);
    expect(ran).toEqual(['save', 'fit']);
  });

  it('undoes the model from an inspector field, whose keystrokes are model edits', () => {
    const { ran, actions } = recording();
    const native = page(inspectorField);
    const commands = new Commands(actions, 'linux');
    commands.run('undo');
    commands.run('delete');
    expect(ran).toEqual(['undo']);
    expect(native).toEqual(['delete']);
  });

  it('runs the command of a key press unless the focused field keeps the key', () => {
    const { ran, actions } = recording();
    const commands = new Commands(actions, 'linux');
    expect(commands.press(press('d', { ctrlKey: true }), null)).toBe(true);
    expect(commands.press(press('Delete'), textField)).toBe(false);
    expect(commands.press(press('z', { ctrlKey: true }), textField)).toBe(false);
    expect(commands.press(press('z', { ctrlKey: true }), inspectorField)).toBe(true);
    // File commands and Help act from anywhere.
    expect(commands.press(press('s', { ctrlKey: true }), textField)).toBe(true);
    expect(commands.press(press('F1'), textField)).toBe(true);
    expect(commands.press(press('x'), null)).toBe(false);
    expect(ran).toEqual(['duplicate', 'undo', 'save', 'show-help']);
  });

  it('opens Help on ?, unless a field is being typed in or a dialog has the keys', () => {
    const { ran, actions } = recording();
    const commands = new Commands(actions, 'linux');
    expect(commands.press(press('?', { shiftKey: true }), button)).toBe(true);
    expect(commands.press(press('?', { shiftKey: true }), textField)).toBe(false);
    expect(commands.press(press('?', { shiftKey: true }), inHelp)).toBe(false);
    expect(commands.press(press('Delete'), inHelp)).toBe(false);
    expect(commands.press(press('f'), inHelp)).toBe(false);
    expect(ran).toEqual(['show-help']);
  });

  it('reads the key press for its platform', () => {
    const { ran, actions } = recording();
    const mac = new Commands(actions, 'darwin');
    expect(mac.press(press('y', { metaKey: true }), null)).toBe(false);
    expect(mac.press(press('z', { metaKey: true, shiftKey: true }), null)).toBe(true);
    expect(ran).toEqual(['redo']);
  });

  it("titles a button with the command's shortcut as the platform writes it", () => {
    const { actions } = recording();
    const linux = new Commands(actions, 'linux');
    const mac = new Commands(actions, 'darwin');
    expect(linux.title('open')).toBe('Open… (Ctrl+O)');
    expect(linux.title('save-as')).toBe('Save As… (Ctrl+Shift+S)');
    expect(linux.title('redo')).toBe('Redo (Ctrl+Shift+Z)');
    expect(new Commands(actions, 'win32').title('redo')).toBe('Redo (Ctrl+Y)');
    expect(mac.title('save-as')).toBe('Save As… (⇧⌘S)');
    expect(mac.title('show-help')).toBe('CNN Studio Help (F1)');
    expect(mac.title('show-model-format')).toBe('The Model Format');
    expect(linux.title('import', 'Import an ONNX model…')).toBe('Import an ONNX model… (Ctrl+I)');
    expect(linux.title('export-onnx')).toBe('ONNX…');
  });
});
