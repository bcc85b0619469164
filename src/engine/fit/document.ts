import type { ModelDocument, NodeDoc, TensorDoc } from '../model/types';

// The few document edits fitting makes, each a pure function returning a new document: the
// original (often the editor's undo history) is never changed.

/** Sets settings of a node; `undefined` removes one (it takes its default). */
export function withParams(
  doc: ModelDocument,
  id: string,
  patch: Record<string, unknown>,
): ModelDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (node.id !== id) return node;
      const params: Record<string, unknown> = { ...node.params, ...patch };
      for (const [key, value] of Object.entries(patch)) if (value === undefined) delete params[key];
      const next: NodeDoc = { ...node, params };
      if (Object.keys(params).length === 0) delete next.params;
      return next;
    }),
  };
}

/** Puts one tensor of a node in place of the one it had. */
export function withTensor(
  doc: ModelDocument,
  id: string,
  name: string,
  tensor: TensorDoc,
): ModelDocument {
  return { ...doc, weights: { ...doc.weights, [id]: { ...doc.weights?.[id], [name]: tensor } } };
}

/** `5` for a pair of equal values, `[5, 3]` otherwise, as the document writes window settings. */
export const pairParam = ([h, w]: readonly [number, number]): number | [number, number] =>
  h === w ? h : [h, w];

/** `5` or `5×3`. */
export const pairText = ([h, w]: readonly [number, number]): string =>
  h === w ? String(h) : `${h}×${w}`;
