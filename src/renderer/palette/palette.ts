// The palette's contents: every layer type of the registry, in the contract's groups, filtered by
// what is typed into the search box.

import { allLayerDefs } from '../../engine';

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

export function paletteGroups(query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (e: PaletteEntry) => {
    const text = `${e.title} ${e.type} ${e.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const defs = allLayerDefs();
  return GROUPS.map((name) => ({
    name,
    entries: defs
      .filter((d) => d.group === name)
      .map((d) => ({ type: d.type, title: d.title, description: d.description }))
      .filter(matches),
  })).filter((g) => g.entries.length > 0);
}
