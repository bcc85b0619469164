// The palette's contents: every layer type of the registry, in the contract's groups, and the app's
// commands, filtered by what is typed into the search box.

import { allLayerDefs } from '../../engine';
import { COMMAND_IDS, titleOf, type Command } from '../../shared/commands';

export const GROUPS = [
  'Input',
  'Convolution',
  'Pooling',
  'Dense',
  'Activation',
  'Regularisation',
  'Merge',
] as const;

export interface PaletteEntry {
  type: string;
  title: string;
  description: string;
}

export interface PaletteGroup {
  name: string;
  entries: PaletteEntry[];
}

/** Whether a text has every word of the query in it, in any case and order. */
function matcher(query: string): (text: string) => boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return (text) => words.every((w) => text.toLowerCase().includes(w));
}

export function paletteGroups(query: string): PaletteGroup[] {
  const has = matcher(query);
  const matches = (e: PaletteEntry) => has(`${e.title} ${e.type} ${e.description}`);
  const defs = allLayerDefs();
  return GROUPS.map((name) => ({
    name,
    entries: defs
      .filter((d) => d.group === name)
      .map((d) => ({ type: d.type, title: d.title, description: d.description }))
      .filter(matches),
  })).filter((g) => g.entries.length > 0);
}

/**
 * The commands a search names (`save`, `export onnx`), in the commands table's order: the same
 * commands as the menus and the keyboard. None until something is typed.
 */
export function paletteCommands(query: string): Command[] {
  if (!query.trim()) return [];
  const has = matcher(query);
  return COMMAND_IDS.filter((command) => has(`${titleOf(command)} ${command}`));
}
