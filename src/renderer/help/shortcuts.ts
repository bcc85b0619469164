// Help's list of keyboard shortcuts, made from the commands table (src/shared/commands.ts), so it
// says what the keyboard does and nothing else: in the web edition the keys the page answers to,
// in the desktop app the menu's accelerators too.

import {
  CLIPBOARD_KEYS,
  COMMAND_IDS,
  keyLabel,
  pageKeysOf,
  shortcutOf,
  titleOf,
  type Command,
  type Key,
} from '../../shared/commands';
import type { AppInfo } from '../../shared/backend';

/** The platform whose keyboard the keys are written for. */
export type Platform = NodeJS.Platform;

export interface ShortcutRow {
  /** The command the keys run; null for the clipboard's, which are not commands. */
  command: Command | null;
  /** What the keys do, as the command is called away from its menu. */
  title: string;
  /** Each key as the platform writes it (`Ctrl+Shift+Z`, `⇧⌘Z`), any one of which will do. */
  keys: string[];
}

/** The clipboard's keys come after Redo, as on the Edit menu. */
const CLIPBOARD_AFTER = 'redo';

export function shortcutRows(platform: Platform, edition: AppInfo['edition']): ShortcutRow[] {
  const row = (command: Command | null, title: string, keys: Key[]): ShortcutRow => ({
    command,
    title,
    keys: [...new Set(keys.map((key) => keyLabel(key, platform)))],
  });
  const clipboard = Object.values(CLIPBOARD_KEYS).map(({ label, key }) => row(null, label, [key]));
  return COMMAND_IDS.flatMap((command) => {
    const menu = edition === 'desktop' ? shortcutOf(command, platform) : undefined;
    const keys = [...(menu ? [menu] : []), ...pageKeysOf(command, platform)];
    const rows = keys.length > 0 ? [row(command, titleOf(command), keys)] : [];
    return command === CLIPBOARD_AFTER ? [...rows, ...clipboard] : rows;
  });
}
