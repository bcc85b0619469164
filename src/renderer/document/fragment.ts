// Copy and paste of a selection: its nodes and the edges between them. Pasted nodes keep their ids
// where those are free and are renamed where not; positions move by an offset so copies show.

import type { EdgeDoc, ModelDocument, NodeDoc } from '../../engine';
import { addNodes } from './edits';
import { freshId, idsOf } from './ids';

export interface Fragment {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
}

export function copyFragment(doc: ModelDocument, ids: readonly string[]): Fragment | null {
  const chosen = new Set(ids);
  const nodes = doc.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return null;
  return {
    nodes: structuredClone(nodes),
    edges: doc.edges.filter((e) => chosen.has(e.from) && chosen.has(e.to)).map((e) => ({ ...e })),
  };
}

export function pasteFragment(
  doc: ModelDocument,
  fragment: Fragment,
  offset: { x: number; y: number },
): { doc: ModelDocument; ids: string[] } {
  const taken = idsOf(doc);
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = taken.has(n.id) ? freshId(taken, n.type) : n.id;
    taken.add(id);
    renamed.set(n.id, id);
    const copy: NodeDoc = { ...structuredClone(n), id };
    if (n.position) copy.position = { x: n.position.x + offset.x, y: n.position.y + offset.y };
    return copy;
  });
  const edges = fragment.edges.map((e) => ({ from: renamed.get(e.from)!, to: renamed.get(e.to)! }));
  return { doc: addNodes(doc, nodes, edges), ids: nodes.map((n) => n.id) };
}
