// Key presses as the keyboard handlers read them, for the commands' tests.

import type { KeyPress } from '../../src/renderer/commands/keys';

/** `key` pressed with the modifiers given, and no others. */
export const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
