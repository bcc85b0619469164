// The document seen as Svelte Flow nodes and edges. The canvas keeps the flow arrays (the library
// writes drag positions, sizes and selection into them); these functions bring them in line with
// the graph the canvas shows (blocks/view.ts: layers, collapsed blocks' cards, expanded blocks'
// frames) and the selection, reusing every object that did not change so the library keeps what
// it measured.

import type { Edge, Node } from '@xyflow/svelte';
import type { EdgeDoc, ModelDocument } from '../../engine';
import { cardSelected, type ShownGraph } from '../blocks/view';

export type LayerNode = Node<Record<string, never>, 'layer'>;
/** A collapsed block's card; `block` is the block's id. */
export type BlockNode = Node<{ block: string }, 'block'>;
/** The frame behind an expanded block's layers. */
export type FrameNode = Node<{ block: string; refusal: string | null }, 'frame'>;
export type FlowNode = LayerNode | BlockNode | FrameNode;
export type TensorEdge = Edge<{ tensor: string; labelled: boolean }, 'tensor'>;

/** A frame's id on the canvas: `:` is in no layer id. */
const frameId = (block: string) => `frame:${block}`;

const samePlace = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  a.x === b.x && a.y === b.y;

export function syncNodes(
  previous: FlowNode[],
  doc: ModelDocument,
  shown: ShownGraph,
  selected: readonly string[],
): FlowNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  const layers = new Map(doc.nodes.map((n) => [n.id, n]));
  const next: FlowNode[] = [];
  let changed = false;
  const keep = (node: FlowNode, same: (old: FlowNode) => boolean) => {
    const old = byId.get(node.id);
    const reused = old && old.type === node.type && same(old) ? old : null;
    const item = reused ?? (old?.measured ? { ...node, measured: old.measured } : node);
    if (previous[next.length] !== item) changed = true;
    next.push(item);
  };
  // Frames first, so they are drawn behind the cards.
  for (const frame of shown.frames) {
    const { id: block } = frame.block;
    const position = { x: frame.x, y: frame.y };
    keep(
      {
        id: frameId(block),
        type: 'frame',
        position,
        width: frame.width,
        height: frame.height,
        data: { block, refusal: frame.refusal },
        selectable: false,
        draggable: false,
        connectable: false,
        zIndex: -1,
      },
      (old) =>
        samePlace(old.position, position) &&
        old.width === frame.width &&
        old.height === frame.height &&
        old.type === 'frame' &&
        old.data.refusal === frame.refusal,
    );
  }
  for (const id of shown.layers) {
    const position = layers.get(id)!.position ?? { x: 0, y: 0 };
    const isSelected = selected.includes(id);
    keep(
      { id, type: 'layer', position: { ...position }, data: {}, selected: isSelected },
      (old) => samePlace(old.position, position) && (old.selected ?? false) === isSelected,
    );
  }
  for (const card of shown.cards) {
    const isSelected = cardSelected(card, selected);
    keep(
      {
        id: card.id,
        type: 'block',
        position: { ...card.position },
        data: { block: card.block.id },
        selected: isSelected,
      },
      (old) => samePlace(old.position, card.position) && (old.selected ?? false) === isSelected,
    );
  }
  return changed || next.length !== previous.length ? next : previous;
}

export function syncEdges(
  previous: TensorEdge[],
  shown: ShownGraph,
  selected: readonly EdgeDoc[],
): TensorEdge[] {
  const byId = new Map(previous.map((e) => [e.id, e]));
  const chosen = new Set(selected.map((e) => `${e.from}>${e.to}`));
  let changed = previous.length !== shown.edges.length;
  const next = shown.edges.map((e, i): TensorEdge => {
    const old = byId.get(e.id);
    const isSelected = e.plain && chosen.has(e.id);
    if (
      old &&
      (old.selected ?? false) === isSelected &&
      old.data?.tensor === e.tensor &&
      old.data.labelled === e.labelled
    ) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'tensor',
      data: { tensor: e.tensor, labelled: e.labelled },
      selected: isSelected,
      // An edge into or out of a collapsed card stands for several: it is chosen with the card.
      selectable: e.plain,
    };
  });
  return changed ? next : previous;
}
