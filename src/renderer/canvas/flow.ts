// The document seen as Svelte Flow nodes and edges. The canvas keeps the flow arrays (the library
// writes drag positions, sizes and selection into them); these functions bring them in line with
// the document and the selection, reusing every object that did not change so the library keeps
// what it measured.

import type { Edge, Node } from '@xyflow/svelte';
import type { EdgeDoc, ModelDocument } from '../../engine';

export type LayerNode = Node<Record<string, never>, 'layer'>;
export type TensorEdge = Edge<Record<string, never>, 'tensor'>;

/** `c1>p1`: `>` cannot occur in a node id, so the id names the edge unambiguously. */
function edgeId(e: EdgeDoc): string {
  return `${e.from}>${e.to}`;
}

export function syncNodes(
  previous: LayerNode[],
  doc: ModelDocument,
  selected: readonly string[],
): LayerNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  let changed = previous.length !== doc.nodes.length;
  const next = doc.nodes.map((d, i): LayerNode => {
    const old = byId.get(d.id);
    const position = d.position ?? { x: 0, y: 0 };
    const isSelected = selected.includes(d.id);
    if (
      old &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      (old.selected ?? false) === isSelected
    ) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return {
      id: d.id,
      type: 'layer',
      position: { ...position },
      data: {},
      selected: isSelected,
      ...(old?.measured ? { measured: old.measured } : {}),
    };
  });
  return changed ? next : previous;
}

export function syncEdges(
  previous: TensorEdge[],
  doc: ModelDocument,
  selected: readonly EdgeDoc[],
): TensorEdge[] {
  const byId = new Map(previous.map((e) => [e.id, e]));
  const chosen = new Set(selected.map(edgeId));
  let changed = previous.length !== doc.edges.length;
  const next = doc.edges.map((e, i): TensorEdge => {
    const id = edgeId(e);
    const old = byId.get(id);
    const isSelected = chosen.has(id);
    if (old && (old.selected ?? false) === isSelected) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return { id, source: e.from, target: e.to, type: 'tensor', data: {}, selected: isSelected };
  });
  return changed ? next : previous;
}
