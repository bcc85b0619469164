import { describe, expect, it } from 'vitest';
import { COMMAND_IDS, pageKeysOf, type Key } from '../../shared/commands';
import { commandFor } from '../commands/keys';
import { shortcutRows } from './shortcuts';

const PLATFORMS: NodeJS.Platform[] = ['linux', 'win32', 'darwin'];

/** The key press a person makes for `key` on `platform`. */
const pressOf = (key: Key, platform: NodeJS.Platform) => ({
  key: key.key,
  ctrlKey: Boolean(key.mod) && platform !== 'darwin',
  metaKey: Boolean(key.mod) && platform === 'darwin',
  shiftKey: Boolean(key.shift),
  altKey: false,
});

const keysOf = (rows: ReturnType<typeof shortcutRows>, title: string) =>
  rows.find((row) => row.title === title)?.keys;

describe("Help's keyboard shortcuts", () => {
  it('lists Undo, Redo, the clipboard and Help with their keys, as each platform writes them', () => {
    const linux = shortcutRows('linux', 'web');
    expect(keysOf(linux, 'Undo')).toEqual(['Ctrl+Z']);
    expect(keysOf(linux, 'Redo')).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(keysOf(linux, 'Help')).toEqual(['F1', '?']);
    expect(keysOf(linux, 'Delete')).toEqual(['Delete', 'Backspace']);
    expect(keysOf(linux, 'Fit')).toEqual(['Ctrl+0', 'F']);
    const titles = linux.map((row) => row.title);
    expect(titles.slice(titles.indexOf('Redo'), titles.indexOf('Redo') + 4)).toEqual([
      'Redo',
      'Cut',
      'Copy',
      'Paste',
    ]);
    const mac = shortcutRows('darwin', 'web');
    expect(keysOf(mac, 'Undo')).toEqual(['⌘Z']);
    // Ctrl+Y is not Redo on a Mac.
    expect(keysOf(mac, 'Redo')).toEqual(['⇧⌘Z']);
    expect(keysOf(mac, 'Paste')).toEqual(['⌘V']);
    expect(keysOf(shortcutRows('win32', 'desktop'), 'Redo')).toEqual(['Ctrl+Y', 'Ctrl+Shift+Z']);
  });

  it("adds the desktop menu's accelerators, which the browser keeps for itself on the web", () => {
    const web = shortcutRows('linux', 'web');
    const desktop = shortcutRows('linux', 'desktop');
    for (const title of ['New', 'Export Model JSON…', 'Show the Editor', 'Start Training']) {
      expect(keysOf(web, title)).toBeUndefined();
    }
    expect(keysOf(desktop, 'New')).toEqual(['Ctrl+N']);
    expect(keysOf(desktop, 'Start Training')).toEqual(['F5']);
    expect(keysOf(desktop, 'Stop Training')).toEqual(['Shift+F5']);
    expect(keysOf(desktop, 'Zoom In')).toEqual(['Ctrl+=', '+', '=']);
    // Commands without a key (the other export formats) are not listed.
    expect(keysOf(desktop, 'Export ONNX…')).toBeUndefined();
  });

  it('is made from the commands table: every key the page answers to, and each runs its command', () => {
    for (const platform of PLATFORMS) {
      const rows = shortcutRows(platform, 'web');
      const listed = rows.flatMap((row) => (row.command ? [row.command] : []));
      expect(listed).toEqual(
        COMMAND_IDS.filter((command) => pageKeysOf(command, platform).length > 0),
      );
      for (const row of rows) {
        if (!row.command) continue;
        const keys = pageKeysOf(row.command, platform);
        expect(row.keys).toHaveLength(keys.length);
        for (const key of keys)
          expect(commandFor(pressOf(key, platform), platform)).toBe(row.command);
      }
    }
  });
});
