// Every change to a document's blocks, as pure functions (document in, new document out), beside
// the layer edits of document/edits.ts. Collapsing moves what follows a block up by the room its
// layers took, expanding moves it back down, so a collapsed card sits in the chain without a gap
// and the block's hidden layers keep their places for when it opens again.

import type { EdgeDoc, ModelDocument, NodeDoc } from '../../engine';
import { downstreamOf, moveNodes } from '../document/edits';
import { NODE_HEIGHT, ROW_GAP, type Position } from '../document/geometry';
import { idsOf } from '../document/ids';
import { boundaryOf } from './boundary';
import { BLOCK_COLOURS, MAX_BLOCK_NAME, blocksOf, withBlocks, type Block } from './model';

export type Made = { ok: true; doc: ModelDocument; id: string } | { ok: false; reason: string };

/** Why these layers cannot be made a block, in a sentence; null when they can. */
export function blockRefusal(doc: ModelDocument, layers: readonly string[]): string | null {
  const chosen = new Set(layers);
  const taken = blocksOf(doc).find((b) => b.layers.some((id) => chosen.has(id)));
  if (taken)
    return `"${taken.layers.find((id) => chosen.has(id))}" is already in the block "${taken.name}"; a layer is in one block at most.`;
  const check = boundaryOf(doc, layers);
  return check.ok ? null : check.reason;
}

/** Makes the layers a block, named and coloured in turn, collapsed; or says why they cannot be. */
export function makeBlock(doc: ModelDocument, layers: readonly string[], name?: string): Made {
  const refusal = blockRefusal(doc, layers);
  if (refusal !== null) return { ok: false, reason: refusal };
  const blocks = blocksOf(doc);
  const chosen = new Set(layers);
  const ids = new Set(blocks.map((b) => b.id));
  let n = 1;
  while (ids.has(`block_${n}`)) n++;
  const block: Block = {
    id: `block_${n}`,
    name: name?.trim() || `Block ${n}`,
    colour: BLOCK_COLOURS[blocks.length % BLOCK_COLOURS.length],
    // In document order, which is the order a copy's layers are made in.
    layers: doc.nodes.filter((node) => chosen.has(node.id)).map((node) => node.id),
    collapsed: false,
  };
  return {
    ok: true,
    doc: setCollapsed(withBlocks(doc, [...blocks, block]), block.id, true),
    id: block.id,
  };
}

function update(doc: ModelDocument, id: string, change: (block: Block) => Block): ModelDocument {
  return withBlocks(
    doc,
    blocksOf(doc).map((b) => (b.id === id ? change(b) : b)),
  );
}

export function renameBlock(doc: ModelDocument, id: string, name: string): ModelDocument {
  const trimmed = name.trim().slice(0, MAX_BLOCK_NAME);
  return trimmed ? update(doc, id, (b) => ({ ...b, name: trimmed })) : doc;
}

export function recolourBlock(doc: ModelDocument, id: string, colour: Block['colour']) {
  return update(doc, id, (b) => ({ ...b, colour }));
}

/** The top of its layers, and how far their last row is below it. */
function extent(doc: ModelDocument, layers: readonly string[]) {
  const inside = new Set(layers);
  const ys = doc.nodes.filter((n) => inside.has(n.id)).map((n) => n.position?.y ?? 0);
  const top = Math.min(...ys);
  return { top, span: Math.max(...ys) - top };
}

/**
 * Where a collapsed block's card goes: in line with its exit (under which what follows it was
 * laid out), at the top of its layers.
 */
export function cardPosition(
  doc: ModelDocument,
  layers: readonly string[],
  exit: string,
): Position {
  const x = doc.nodes.find((n) => n.id === exit)?.position?.x ?? 0;
  return { x, y: extent(doc, layers).top };
}

/**
 * Moves every layer outside the block that a path from one of its layers leads to down by `dy`.
 * With the block's boundary whole that is what follows its exit; with it broken, still what
 * collapsing moved, as far as the edges out of the block remain.
 */
function shiftAfter(doc: ModelDocument, block: Block, dy: number): ModelDocument {
  if (dy === 0) return doc;
  const inside = new Set(block.layers);
  const after = new Set(block.layers.flatMap((id) => [...downstreamOf(doc, id)]));
  const positions = new Map<string, Position>();
  for (const n of doc.nodes) {
    if (n.position && after.has(n.id) && !inside.has(n.id))
      positions.set(n.id, { x: n.position.x, y: n.position.y + dy });
  }
  return moveNodes(doc, positions);
}

/**
 * Collapses or expands a block. Only a block with one input and one output collapses; it records
 * how far it moved what follows it up, and expanding undoes exactly that.
 */
export function setCollapsed(doc: ModelDocument, id: string, collapsed: boolean): ModelDocument {
  const block = blocksOf(doc).find((b) => b.id === id);
  if (!block || block.collapsed === collapsed) return doc;
  if (collapsed) {
    if (!boundaryOf(doc, block.layers).ok) return doc;
    const { span } = extent(doc, block.layers);
    return shiftAfter(
      update(doc, id, (b) => ({ ...b, collapsed, shift: span })),
      block,
      -span,
    );
  }
  // A block collapsed by an editor that did not record its shift moved what follows by its span.
  const shift = block.shift ?? extent(doc, block.layers).span;
  return shiftAfter(
    update(doc, id, ({ shift: _, ...b }) => ({ ...b, collapsed })),
    block,
    shift,
  );
}

/** Closes the gaps collapsed blocks leave in a layout made with every layer shown. */
export function closeGaps(doc: ModelDocument): ModelDocument {
  let next = doc;
  for (const block of blocksOf(doc)) {
    if (!block.collapsed || !boundaryOf(next, block.layers).ok) continue;
    const { span } = extent(next, block.layers);
    next = shiftAfter(
      update(next, block.id, (b) => ({ ...b, shift: span })),
      block,
      -span,
    );
  }
  return next;
}

/** A collapsed card dragged by `delta`: its hidden layers move with it. */
export function moveBlock(doc: ModelDocument, id: string, delta: Position): ModelDocument {
  const block = blocksOf(doc).find((b) => b.id === id);
  if (!block || (delta.x === 0 && delta.y === 0)) return doc;
  const inside = new Set(block.layers);
  const positions = new Map<string, Position>();
  for (const n of doc.nodes) {
    const p = n.position ?? { x: 0, y: 0 };
    if (inside.has(n.id)) positions.set(n.id, { x: p.x + delta.x, y: p.y + delta.y });
  }
  return moveNodes(doc, positions);
}

/**
 * Takes the block away, its layers staying where they are (shown). A definition's first copy
 * becomes the definition of the others.
 */
export function ungroupBlock(doc: ModelDocument, id: string): ModelDocument {
  const opened = setCollapsed(doc, id, false);
  const rest = blocksOf(opened).filter((b) => b.id !== id);
  const heir = rest.find((b) => b.of === id)?.id;
  return withBlocks(
    opened,
    rest.map((b) => {
      if (b.of !== id) return b;
      const copy = { ...b };
      if (b.id === heir) delete copy.of;
      else copy.of = heir;
      return copy;
    }),
  );
}

/**
 * `conv_2`, or with that taken `conv_2_2`, within the 64 characters an id may have (a layer's or a
 * block's).
 */
function copyId(taken: Set<string>, id: string, k: number): string {
  const base = `${id.slice(0, 58)}_${k}`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  taken.add(candidate);
  return candidate;
}

export const MAX_REPEAT = 32;

export const REPEAT_RANGE = `Repeat takes a whole number of times from 2 to ${MAX_REPEAT}.`;

/** A count Repeat takes: a whole number from 2 to MAX_REPEAT (a cleared field gives null). */
export function repeatCount(times: number | null | undefined): times is number {
  return typeof times === 'number' && Number.isInteger(times) && times >= 2 && times <= MAX_REPEAT;
}

/**
 * Repeat ×N: the block `times` times in a row. The copies follow it (what its exit fed, the last
 * copy's exit feeds, each edge keeping its place), each with new layer ids and no weights (so
 * each starts from its own seeded initial weights), and each linked to the block's definition.
 */
export function repeatBlock(doc: ModelDocument, id: string, times: number): Made {
  const blocks = blocksOf(doc);
  const block = blocks.find((b) => b.id === id);
  if (!block) return { ok: false, reason: 'There is no such block.' };
  if (!repeatCount(times)) return { ok: false, reason: REPEAT_RANGE };
  const check = boundaryOf(doc, block.layers);
  if (!check.ok) return check;
  const { source, exit } = check.boundary;
  const { span } = extent(doc, block.layers);
  const step = (block.collapsed ? NODE_HEIGHT : span + NODE_HEIGHT) + ROW_GAP;
  let next = shiftAfter(doc, block, (times - 1) * step);
  const inside = new Set(block.layers);
  const originals = new Map(next.nodes.map((n) => [n.id, n]));
  const taken = idsOf(next);
  const definition = block.of ?? block.id;
  const blockIds = new Set(blocks.map((b) => b.id));
  const nodes: NodeDoc[] = [];
  const edges: EdgeDoc[] = [];
  const copies: Block[] = [];
  let previous = exit;
  for (let k = 2; k <= times; k++) {
    const renamed = new Map(block.layers.map((layer) => [layer, copyId(taken, layer, k)]));
    for (const layer of block.layers) {
      const original = structuredClone(originals.get(layer)!);
      const p = original.position ?? { x: 0, y: 0 };
      nodes.push({
        ...original,
        id: renamed.get(layer)!,
        position: { x: p.x, y: p.y + (k - 1) * step },
      });
    }
    for (const e of next.edges) {
      if (!inside.has(e.to)) continue;
      const from = e.from === source ? previous : renamed.get(e.from);
      if (from) edges.push({ from, to: renamed.get(e.to)! });
    }
    copies.push({
      id: copyId(blockIds, block.id, k),
      // Numbered below, with every other instance of the definition.
      name: block.name,
      colour: block.colour,
      layers: block.layers.map((layer) => renamed.get(layer)!),
      collapsed: block.collapsed,
      ...(block.collapsed ? { shift: span } : {}),
      of: definition,
    });
    previous = renamed.get(exit)!;
  }
  const last = previous;
  next = {
    ...next,
    nodes: [...next.nodes, ...nodes],
    edges: [
      ...next.edges.map((e) =>
        e.from === exit && !inside.has(e.to) ? { from: last, to: e.to } : e,
      ),
      ...edges,
    ],
  };
  const position = blocks.indexOf(block) + 1;
  return {
    ok: true,
    doc: withBlocks(
      next,
      renumbered(
        [...blocks.slice(0, position), ...copies, ...blocks.slice(position)],
        definition,
        new Set(copies.map((c) => c.id)),
      ),
    ),
    id: copies[0].id,
  };
}

/** `Block 1 (2 of 3)`: the definition's name, shortened so that the whole is a name a block may have. */
function copyName(name: string, k: number, count: number): string {
  const suffix = ` (${k} of ${count})`;
  return `${name.slice(0, MAX_BLOCK_NAME - suffix.length)}${suffix}`;
}

/**
 * The new copies and every other copy of the definition still named after it numbered anew, in
 * the order the instances run (the blocks' order: a copy follows what it repeats); a copy the user
 * renamed keeps its name, and counts.
 */
function renumbered(blocks: Block[], definitionId: string, fresh: ReadonlySet<string>): Block[] {
  const definition = blocks.find((b) => b.id === definitionId)!;
  const instances = blocks.filter((b) => b === definition || b.of === definitionId);
  const named = (b: Block) => {
    const base = /^(.+) \(\d+ of \d+\)$/.exec(b.name)?.[1];
    return fresh.has(b.id) || (base !== undefined && definition.name.startsWith(base));
  };
  return blocks.map((b) =>
    b.of === definitionId && named(b)
      ? { ...b, name: copyName(definition.name, instances.indexOf(b) + 1, instances.length) }
      : b,
  );
}

/** The instances of a definition: the definition and its copies whose layers still match it. */
function linkedInstances(doc: ModelDocument, blocks: Block[], definition: Block): Block[] {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const types = definition.layers.map((id) => typeOf.get(id));
  return blocks.filter(
    (b) =>
      b === definition ||
      (b.of === definition.id &&
        b.layers.length === types.length &&
        b.layers.every((id, i) => typeOf.get(id) === types[i])),
  );
}

/**
 * The layers that share `layer`'s settings: the same place in every linked instance of its
 * block's definition (itself included); just itself outside any repeated block.
 */
export function twinsOf(doc: ModelDocument, layer: string): string[] {
  const blocks = blocksOf(doc);
  const block = blocks.find((b) => b.layers.includes(layer));
  const definition = block && blocks.find((b) => b.id === (block.of ?? block.id));
  if (!block || !definition) return [layer];
  const place = block.layers.indexOf(layer);
  const instances = linkedInstances(doc, blocks, definition);
  if (!instances.includes(block)) return [layer];
  return instances.map((b) => b.layers[place]);
}

/** A layer renamed: its blocks follow. */
export function renameInBlocks(doc: ModelDocument, id: string, newId: string): ModelDocument {
  const blocks = blocksOf(doc);
  if (!blocks.some((b) => b.layers.includes(id))) return doc;
  return withBlocks(
    doc,
    blocks.map((b) => ({ ...b, layers: b.layers.map((l) => (l === id ? newId : l)) })),
  );
}

/**
 * The blocks after a layer edit: deleted layers leave their blocks, a block left with fewer than
 * two is gone (its copies then follow its first copy), and a copy whose layers no longer match its
 * definition's is its own block. The same document when nothing changed.
 */
export function reconcileBlocks(doc: ModelDocument): ModelDocument {
  const before = blocksOf(doc);
  if (before.length === 0) return doc;
  const present = idsOf(doc);
  let blocks = before.map((b) => ({ ...b, layers: b.layers.filter((id) => present.has(id)) }));
  for (const gone of blocks.filter((b) => b.layers.length < 2)) {
    const heir = blocks.find((b) => b.of === gone.id && b.layers.length >= 2)?.id;
    blocks = blocks.map((b) =>
      b.of === gone.id ? relink(b, b.id === heir ? undefined : heir) : b,
    );
  }
  blocks = blocks.filter((b) => b.layers.length >= 2);
  blocks = blocks.map((b) => {
    const definition = blocks.find((d) => d.id === b.of);
    return definition && !linkedInstances(doc, blocks, definition).includes(b)
      ? relink(b, undefined)
      : b;
  });
  const same =
    blocks.length === before.length &&
    blocks.every((b, i) => b.of === before[i].of && b.layers.length === before[i].layers.length);
  return expandBroken(same ? doc : withBlocks(doc, blocks));
}

/**
 * A collapsed block whose boundary an edit broke is drawn as a frame around its layers, so it is
 * expanded, what follows it moving back down, lest the frame overlap what collapsing moved up.
 */
function expandBroken(doc: ModelDocument): ModelDocument {
  return blocksOf(doc)
    .filter((b) => b.collapsed && !boundaryOf(doc, b.layers).ok)
    .reduce((next, b) => setCollapsed(next, b.id, false), doc);
}

function relink(block: Block, of: string | undefined): Block {
  const next = { ...block };
  if (of === undefined) delete next.of;
  else next.of = of;
  return next;
}
