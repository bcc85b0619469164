// Every change the editor makes to a model document, as pure functions: document in, new document
// out, the old one untouched (undo keeps it). Node positions live in the document itself.

import { layerDef, type EdgeDoc, type ModelDocument, type NodeDoc } from '../../engine';
import { ID_PATTERN } from '../../engine/model/schema';
import { CHAIN_STEP, type Position } from './geometry';

const sameEdge = (a: EdgeDoc, b: EdgeDoc) => a.from === b.from && a.to === b.to;

export function addNodes(doc: ModelDocument, nodes: NodeDoc[], edges: EdgeDoc[] = []) {
  return { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] };
}

/** Removes the nodes (with their edges and weights) and the edges. */
export function removeElements(
  doc: ModelDocument,
  nodeIds: readonly string[],
  edges: readonly EdgeDoc[] = [],
): ModelDocument {
  const gone = new Set(nodeIds);
  const next: ModelDocument = {
    ...doc,
    nodes: doc.nodes.filter((n) => !gone.has(n.id)),
    edges: doc.edges.filter(
      (e) => !gone.has(e.from) && !gone.has(e.to) && !edges.some((x) => sameEdge(x, e)),
    ),
  };
  if (doc.weights && nodeIds.some((id) => doc.weights![id])) {
    next.weights = Object.fromEntries(Object.entries(doc.weights).filter(([id]) => !gone.has(id)));
  }
  return next;
}

/** Why an edge from → to may not be drawn, in a short sentence; null when it may. */
export function connectionRefusal(doc: ModelDocument, from: string, to: string): string | null {
  const target = doc.nodes.find((n) => n.id === to);
  if (!target || !doc.nodes.some((n) => n.id === from)) return 'Both ends must be layers.';
  if (from === to) return 'A layer cannot feed itself.';
  const def = layerDef(target.type);
  if (def?.arity === 'none') return 'The input takes no incoming connection.';
  if (doc.edges.some((e) => e.from === from && e.to === to))
    return `"${from}" already feeds "${to}".`;
  const existing = doc.edges.find((e) => e.to === to);
  if (def?.arity === 'one' && existing) {
    return `"${to}" already has an input ("${existing.from}"); a ${def.title} layer takes one. Use Add or Concat to merge.`;
  }
  if (downstreamOf(doc, to).has(from))
    return `That would make a loop: "${to}" already leads to "${from}".`;
  return null;
}

export function connect(doc: ModelDocument, from: string, to: string): ModelDocument {
  return { ...doc, edges: [...doc.edges, { from, to }] };
}

function updateNode(
  doc: ModelDocument,
  id: string,
  change: (node: NodeDoc) => NodeDoc,
): ModelDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

/** Sets one setting; `undefined` removes it so the layer's default applies. */
export function setParam(
  doc: ModelDocument,
  id: string,
  key: string,
  value: unknown,
): ModelDocument {
  return updateNode(doc, id, (node) => {
    const params = { ...node.params };
    if (value === undefined) delete params[key];
    else params[key] = value;
    const next: NodeDoc = { ...node, params };
    if (Object.keys(params).length === 0) delete next.params;
    return next;
  });
}

export function moveNodes(doc: ModelDocument, positions: ReadonlyMap<string, Position>) {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

/** Why `newId` cannot name node `id`, or null when it can. */
export function nameRefusal(doc: ModelDocument, id: string, newId: string): string | null {
  if (newId === id) return null;
  if (!ID_PATTERN.test(newId)) return 'Use 1 to 64 letters, digits, _ or -.';
  if (doc.nodes.some((n) => n.id === newId)) return `"${newId}" is already a layer's name.`;
  return null;
}

/** Gives a node a new id, in its edges and weights too; `nameRefusal` says whether it may. */
export function renameNode(doc: ModelDocument, id: string, newId: string): ModelDocument {
  const swap = (x: string) => (x === id ? newId : x);
  const next: ModelDocument = {
    ...updateNode(doc, id, (n) => ({ ...n, id: newId })),
    edges: doc.edges.map((e) => ({ from: swap(e.from), to: swap(e.to) })),
  };
  if (doc.weights?.[id]) {
    next.weights = Object.fromEntries(
      Object.entries(doc.weights).map(([key, tensors]) => [swap(key), tensors]),
    );
  }
  return next;
}

/**
 * Puts `node` on the edge from → to, keeping the edge's place in the list (a concat's inputs are
 * in edge order). It takes the place of `to`, which moves one step on with all after it.
 */
export function insertOnEdge(
  doc: ModelDocument,
  from: string,
  to: string,
  node: NodeDoc,
): ModelDocument {
  const edges = doc.edges.flatMap((e) =>
    e.from === from && e.to === to
      ? [
          { from, to: node.id },
          { from: node.id, to },
        ]
      : [e],
  );
  return placeBefore({ ...doc, edges }, [to], node);
}

/**
 * Puts `node` right after `after` in the chain: what `after` fed, `node` feeds instead (each edge
 * keeping its place in the list), and `after` feeds `node`. A layer that takes no input (another
 * input) is only added. With nothing after `after`, `node` keeps its own position.
 */
export function insertAfter(doc: ModelDocument, after: string, node: NodeDoc): ModelDocument {
  if (layerDef(node.type)?.arity === 'none') return addNodes(doc, [node]);
  const next = doc.edges.filter((e) => e.from === after).map((e) => e.to);
  const edges = [
    ...doc.edges.map((e) => (e.from === after ? { from: node.id, to: e.to } : e)),
    { from: after, to: node.id },
  ];
  return placeBefore({ ...doc, edges }, next, node);
}

/**
 * Moves `node`, which `after` feeds beside its other outputs, into the chain: what else `after`
 * feeds, `node` feeds instead. Positions stay (the layer is already on the canvas).
 */
export function moveIntoChain(doc: ModelDocument, after: string, node: string): ModelDocument {
  return {
    ...doc,
    edges: doc.edges.map((e) => (e.from === after && e.to !== node ? { from: node, to: e.to } : e)),
  };
}

/**
 * Adds `node` in the place of the first of `next`, moving `next` and everything after them one
 * step on; with no `next`, at its own position.
 */
function placeBefore(doc: ModelDocument, next: string[], node: NodeDoc): ModelDocument {
  const at = doc.nodes.find((n) => n.id === next[0])?.position;
  if (!at) return { ...doc, nodes: [...doc.nodes, node] };
  const after = new Set(next.flatMap((id) => [...downstreamOf(doc, id)]));
  after.delete(node.id);
  const nodes = doc.nodes.map((n) =>
    after.has(n.id) && n.position
      ? { ...n, position: { x: n.position.x + CHAIN_STEP.x, y: n.position.y + CHAIN_STEP.y } }
      : n,
  );
  return { ...doc, nodes: [...nodes, { ...node, position: { ...at } }] };
}

/** `start` and every node a path of edges leads to from it. */
export function downstreamOf(doc: ModelDocument, start: string): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of doc.edges) {
      if (e.from === id && !seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return seen;
}

export function setModelName(doc: ModelDocument, name: string): ModelDocument {
  return { ...doc, name };
}
