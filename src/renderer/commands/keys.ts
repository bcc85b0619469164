// Which command a key press stands for, as the commands table lists the page's keys: Ctrl on Linux
// and Windows, Cmd on macOS. Copy, cut and paste are not commands: they arrive as the DOM's
// clipboard events.

import { COMMAND_IDS, pageKeysOf, type Command, type Key } from '../../shared/commands';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The platform whose keyboard the page is used with, from the browser's user agent. */
export function platformOf(userAgent: string): NodeJS.Platform {
  if (/Mac|iPhone|iPad/.test(userAgent)) return 'darwin';
  return /Windows/.test(userAgent) ? 'win32' : 'linux';
}

/** Digits and symbols: Shift is how some keyboards type them, so it does not count. */
const typedWithShift = (key: string) => key.length === 1 && key.toLowerCase() === key.toUpperCase();

function matches(press: KeyPress, key: Key, mac: boolean): boolean {
  const mod = mac ? press.metaKey : press.ctrlKey;
  const pressed = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return (
    pressed === key.key &&
    mod === (key.mod ?? false) &&
    (typedWithShift(key.key) || press.shiftKey === (key.shift ?? false))
  );
}

export function commandFor(press: KeyPress, platform: NodeJS.Platform): Command | null {
  const mac = platform === 'darwin';
  // Alt and the other of Ctrl and Cmd make another shortcut, none of ours.
  if (press.altKey || (mac ? press.ctrlKey : press.metaKey)) return null;
  return (
    COMMAND_IDS.find((command) =>
      pageKeysOf(command, platform).some((key) => matches(press, key, mac)),
    ) ?? null
  );
}
