// The graph the canvas draws: every layer, except that a collapsed block (one with one input and
// one output) is one card in place of its layers, and the edges into and out of it end on that
// card. Expanded blocks are drawn as a frame behind their layers.

import type { ModelDocument } from '../../engine';
import { NODE_HEIGHT, NODE_WIDTH, type Position } from '../document/geometry';
import { boundaryOf } from './boundary';
import { cardPosition } from './edits';
import { blocksOf, type Block } from './model';

/** A card's id on the canvas: `:` is in no layer id, so it names no layer. */
export const cardId = (block: string) => `block:${block}`;

export interface BlockCard {
  id: string;
  block: Block;
  exit: string;
  position: Position;
}

export interface BlockFrame {
  block: Block;
  /** Why it cannot collapse, or null when it can. */
  refusal: string | null;
  /** The box around its layers' cards. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ShownEdge {
  id: string;
  source: string;
  target: string;
  /** The layer whose output the edge carries (a card's exit). */
  tensor: string;
  /** The first edge out of its source: the one under which the tensor's shape is written. */
  labelled: boolean;
  /** It stands for edges of the document as they are (not ending on a card). */
  plain: boolean;
}

export interface ShownGraph {
  layers: string[];
  cards: BlockCard[];
  frames: BlockFrame[];
  edges: ShownEdge[];
  /** The card that stands for each hidden layer. */
  cardOf: ReadonlyMap<string, string>;
}

/** Room between a frame and the cards inside it (its title is beside it, clear of the labels above). */
export const FRAME_PAD = 12;

export function shownGraph(doc: ModelDocument): ShownGraph {
  const cards: BlockCard[] = [];
  const frames: BlockFrame[] = [];
  const cardOf = new Map<string, string>();
  for (const block of blocksOf(doc)) {
    const check = boundaryOf(doc, block.layers);
    if (block.collapsed && check.ok) {
      const id = cardId(block.id);
      const { exit } = check.boundary;
      cards.push({ id, block, exit, position: cardPosition(doc, block.layers, exit) });
      for (const layer of block.layers) cardOf.set(layer, id);
    } else {
      frames.push({ block, refusal: check.ok ? null : check.reason, ...frameBox(doc, block) });
    }
  }
  const shown = (id: string) => cardOf.get(id) ?? id;
  const edges: ShownEdge[] = [];
  const seen = new Set<string>();
  const labelled = new Set<string>();
  for (const e of doc.edges) {
    const source = shown(e.from);
    const target = shown(e.to);
    const id = `${source}>${target}`;
    if (source === target || seen.has(id)) continue;
    seen.add(id);
    edges.push({
      id,
      source,
      target,
      tensor: e.from,
      labelled: !labelled.has(source),
      plain: source === e.from && target === e.to,
    });
    labelled.add(source);
  }
  return {
    layers: doc.nodes.filter((n) => !cardOf.has(n.id)).map((n) => n.id),
    cards,
    frames,
    edges,
    cardOf,
  };
}

function frameBox(doc: ModelDocument, block: Block) {
  const inside = new Set(block.layers);
  const at = doc.nodes.filter((n) => inside.has(n.id)).map((n) => n.position ?? { x: 0, y: 0 });
  const left = Math.min(...at.map((p) => p.x)) - FRAME_PAD;
  const top = Math.min(...at.map((p) => p.y)) - FRAME_PAD;
  return {
    x: left,
    y: top,
    width: Math.max(...at.map((p) => p.x)) + NODE_WIDTH + FRAME_PAD - left,
    height: Math.max(...at.map((p) => p.y)) + NODE_HEIGHT + FRAME_PAD - top,
  };
}

/** The layers a canvas selection stands for: a card stands for all of its block's layers. */
export function layersOf(graph: ShownGraph, chosen: readonly string[]): string[] {
  return chosen.flatMap((id) => graph.cards.find((c) => c.id === id)?.block.layers ?? [id]);
}

/** A card is selected when every layer of its block is. */
export function cardSelected(card: BlockCard, selected: readonly string[]): boolean {
  return card.block.layers.every((id) => selected.includes(id));
}
