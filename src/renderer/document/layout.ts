// Left-to-right auto-layout with dagre. The gap between columns leaves room for the shape label
// each edge carries.

import { Graph, layout } from '@dagrejs/dagre';
import type { ModelDocument } from '../../engine';
import type { Position } from './edits';

/** A node card's width in CSS pixels (LayerNode.svelte uses the same variable). */
export const NODE_WIDTH = 212;
/** A typical card's height, for nodes the canvas has not measured yet. */
export const NODE_HEIGHT = 132;
const COLUMN_GAP = 84;
export const ROW_GAP = 36;
/** From one column of nodes to the next. */
export const COLUMN_STEP = NODE_WIDTH + COLUMN_GAP;

export interface Size {
  width: number;
  height: number;
}

/**
 * Top-left positions of every node, laid out by rank from the input rightwards. Every node gets the
 * tallest node's height, so the cards of a chain line up at the top, where their handles are.
 */
export function layoutPositions(
  doc: ModelDocument,
  sizeOf: (id: string) => Size | undefined = () => undefined,
): Map<string, Position> {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: ROW_GAP, ranksep: COLUMN_GAP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizes = doc.nodes.map((n) => sizeOf(n.id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT });
  const height = Math.max(NODE_HEIGHT, ...sizes.map((s) => s.height));
  doc.nodes.forEach((n, i) => graph.setNode(n.id, { width: sizes[i].width, height }));
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const e of doc.edges) if (ids.has(e.from) && ids.has(e.to)) graph.setEdge(e.from, e.to);
  layout(graph);
  const positions = new Map<string, Position>();
  for (const n of doc.nodes) {
    const { x, y, width } = graph.node(n.id);
    positions.set(n.id, { x: Math.round(x - width / 2), y: Math.round(y - height / 2) });
  }
  return positions;
}
