// Top-to-bottom auto-layout with dagre, in the canvas geometry of geometry.ts. The main path of
// the model runs straight down; a branch or a skip connection goes beside it, so its path is seen.

import { Graph, layout } from '@dagrejs/dagre';
import type { EdgeDoc, ModelDocument } from '../../engine';
import { COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_GAP, type Position, type Size } from './geometry';

/** How much more dagre works to keep a main-path edge straight and short than a skip. */
const MAIN_WEIGHT = 8;

/**
 * Top-left positions of every node, laid out by rank from the input downwards. Every node gets the
 * tallest node's height, so the cards of a row line up and the gaps under them stay free for labels.
 */
export function layoutPositions(
  doc: ModelDocument,
  sizeOf: (id: string) => Size | undefined = () => undefined,
): Map<string, Position> {
  const graph = new Graph();
  graph.setGraph({
    rankdir: 'TB',
    nodesep: COLUMN_GAP,
    ranksep: ROW_GAP,
    edgesep: COLUMN_GAP / 2,
    marginx: 0,
    marginy: 0,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizes = doc.nodes.map((n) => sizeOf(n.id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT });
  const height = Math.max(NODE_HEIGHT, ...sizes.map((s) => s.height));
  doc.nodes.forEach((n, i) => graph.setNode(n.id, { width: sizes[i].width, height }));
  const edges = layoutEdges(doc);
  const main = mainEdges(edges);
  for (const e of edges) {
    graph.setEdge(e.from, e.to, { weight: main.has(e) ? MAIN_WEIGHT : 1, minlen: 1 });
  }
  layout(graph);
  // Mirrored: dagre orders a node's branches right to left from the first edge; mirrored, they
  // read left to right in edge order, as a concat stacks them.
  const right = Math.max(
    0,
    ...doc.nodes.map((n) => graph.node(n.id).x + graph.node(n.id).width / 2),
  );
  const positions = new Map<string, Position>();
  for (const n of doc.nodes) {
    const { x, y, width } = graph.node(n.id);
    positions.set(n.id, { x: Math.round(right - x - width / 2), y: Math.round(y - height / 2) });
  }
  straighten(positions, [...main], sizes, doc);
  return positions;
}

/**
 * Dagre centres a block between its main path and a skip running beside it, so the main path
 * jogs by part of a column at each residual block. Top down, a layer less than half a card off
 * the layer that mainly feeds it moves under that layer, unless that puts it on another card.
 */
function straighten(
  positions: Map<string, Position>,
  main: EdgeDoc[],
  sizes: Size[],
  doc: ModelDocument,
): void {
  const widthOf = new Map(doc.nodes.map((n, i) => [n.id, sizes[i].width]));
  const byTop = [...main].sort((a, b) => positions.get(a.to)!.y - positions.get(b.to)!.y);
  for (const { from, to } of byTop) {
    const parent = positions.get(from)!;
    const child = positions.get(to)!;
    const centre = (id: string, p: Position) => p.x + widthOf.get(id)! / 2;
    const shift = centre(from, parent) - centre(to, child);
    if (shift === 0 || Math.abs(shift) >= NODE_WIDTH / 2) continue;
    const moved = { x: child.x + shift, y: child.y };
    const clear = [...positions].every(
      ([id, p]) =>
        id === to ||
        p.y !== moved.y ||
        moved.x + widthOf.get(to)! + COLUMN_GAP / 2 <= p.x ||
        p.x + widthOf.get(id)! + COLUMN_GAP / 2 <= moved.x,
    );
    if (clear) positions.set(to, moved);
  }
}

/**
 * Most ranks the edges may skip, per node, before the layout leaves long edges out. Dagre routes
 * an edge through a hidden node in every rank it skips; DenseNet-121's concats read every earlier
 * layer of their block, 19,000 such nodes for 309 layers, which takes dagre half a minute.
 */
const MAX_SKIPS_PER_NODE = 4;

/**
 * The edges the layout follows: all of them, or when they skip too many ranks, only those between
 * neighbouring ranks (every layer keeps the edge from its latest input, so the chain stays in
 * order). The canvas draws every edge either way.
 */
function layoutEdges(doc: ModelDocument): EdgeDoc[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const edges = doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  const ranks = longestPathRanks(ids, edges);
  if (!ranks) return edges;
  const span = (e: EdgeDoc) => ranks.get(e.to)! - ranks.get(e.from)!;
  const skips = edges.reduce((sum, e) => sum + span(e) - 1, 0);
  return skips <= MAX_SKIPS_PER_NODE * ids.size ? edges : edges.filter((e) => span(e) === 1);
}

/** Each node's rank: the longest path to it from a node with no inputs; null on a cycle. */
function longestPathRanks(ids: Set<string>, edges: EdgeDoc[]): Map<string, number> | null {
  const waiting = new Map([...ids].map((id) => [id, 0]));
  const next = new Map([...ids].map((id): [string, string[]] => [id, []]));
  for (const e of edges) {
    waiting.set(e.to, waiting.get(e.to)! + 1);
    next.get(e.from)!.push(e.to);
  }
  const ranks = new Map<string, number>();
  const ready = [...ids].filter((id) => waiting.get(id) === 0);
  for (const id of ready) ranks.set(id, 0);
  for (let i = 0; i < ready.length; i++) {
    const rank = ranks.get(ready[i])! + 1;
    for (const to of next.get(ready[i])!) {
      ranks.set(to, Math.max(ranks.get(to) ?? 0, rank));
      waiting.set(to, waiting.get(to)! - 1);
      if (waiting.get(to) === 0) ready.push(to);
    }
  }
  return ready.length === ids.size ? ranks : null;
}

/**
 * The edges of the main path: into each node, the one from the input that lies deepest (the end
 * of the longest path to it); the other inputs of a merge are skips or branches.
 */
function mainEdges(edges: EdgeDoc[]): Set<EdgeDoc> {
  const into = new Map<string, EdgeDoc[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    // A cycle (the editor lets one be drawn, and reports it) ends the walk.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = 1 + Math.max(0, ...(into.get(id) ?? []).map((e) => depthOf(e.from)));
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const main = new Set<EdgeDoc>();
  for (const incoming of into.values()) {
    main.add(incoming.reduce((a, b) => (depthOf(b.from) > depthOf(a.from) ? b : a)));
  }
  return main;
}
