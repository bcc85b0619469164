// How a layer reads on its card and in lists: its settings line and its problems in plain words.

import { layerDef, type NodeInspection, type Problem } from '../../engine';

/** The registry's caption (`16 · 3×3 · s1 · same`) plus the activation when the caption omits it. */
export function settingsLine(node: NodeInspection): string {
  const def = layerDef(node.type);
  if (!def || !node.config) return '';
  const caption = def.caption?.(node.config) ?? '';
  const activation = node.config.activation;
  if (typeof activation === 'string' && activation !== 'none' && !caption.includes(activation)) {
    return caption ? `${caption} · ${activation}` : activation;
  }
  return caption;
}

/**
 * A problem as a sentence for the node it is shown on: the engine's messages start by naming the
 * node (`node "c1" (conv2d): `), which the card and the inspector already do.
 */
export function plainMessage(problem: Problem): string {
  const text = problem.message
    .replace(/^node "[^"]*"(?: \([^)]*\))?: /, '')
    .replace(/^edges: form /, 'the edges form ')
    .replace(/^(edges|nodes): /, '');
  // A sentence may start with a setting's name (`kernelSize 9 is larger…`), which keeps its case.
  return /^[a-z]+\b/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function titleOf(type: string): string {
  return layerDef(type)?.title ?? type;
}
