// How a layer reads on its card and in lists: its settings line and its problems in plain words.

import { layerDef, type NodeInspection, type Problem } from '../../engine';
import { inWords } from '../words';

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

/** Document-level messages said the way a person building a model needs to hear them. */
const REWORDED: [RegExp, string][] = [
  [
    /^nodes must list at least one node\b.*/,
    'The model is empty: add an Input layer from the list on the left, or start from a template.',
  ],
  [/^nodes: the model has no input node\b.*/, 'The model has no input: add an Input layer.'],
];

/**
 * A problem as a sentence for the node it is shown on: the engine's messages start by naming the
 * node (`node "c1" (conv2d): `), which the card and the inspector already do, and name settings
 * by their keys, which read here as the inspector's labels.
 */
export function plainMessage(problem: Problem): string {
  const reworded = REWORDED.find(([pattern]) => pattern.test(problem.message));
  if (reworded) return reworded[1];
  const text = inWords(
    problem.message
      .replace(/^node "[^"]*"(?: \([^)]*\))?: /, '')
      .replace(/^edges: form /, 'the edges form ')
      .replace(/^(edges|nodes): /, ''),
  );
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function titleOf(type: string): string {
  return layerDef(type)?.title ?? type;
}
