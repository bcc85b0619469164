// Copy and paste of a selection: its nodes and the edges between them. Pasted nodes keep their ids
// where those are free and are renamed where not; positions move by an offset so copies show.

import * as v from 'valibot';
import { ID_PATTERN } from '../../engine/model/schema';
import type { EdgeDoc, ModelDocument, NodeDoc } from '../../engine';
import { addNodes } from './edits';
import { COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, type Position } from './geometry';
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

/**
 * Where a pasted fragment goes: where it was copied from when that place is free (after a cut, or
 * in another window), else as many card widths to the right as it takes for no card to cover
 * another, so a copy never hides its original.
 */
export function pasteOffset(doc: ModelDocument, fragment: Fragment): Position {
  const boxes = doc.nodes.flatMap((n) => (n.position ? [n.position] : []));
  const covers = (a: Position, b: Position) =>
    Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
  const step = NODE_WIDTH + COLUMN_GAP;
  for (let k = 0; ; k++) {
    const offset = { x: k * step, y: 0 };
    const clear = fragment.nodes.every((n) => {
      const at = n.position ?? { x: 0, y: 0 };
      const moved = { x: at.x + offset.x, y: at.y + offset.y };
      return !boxes.some((b) => covers(moved, b));
    });
    if (clear) return offset;
  }
}

// On the clipboard a fragment is JSON text, so layers can be pasted into another window; what
// comes back from the clipboard may be anything and is checked before it is used.

const FRAGMENT_FORMAT = 'cnn-studio/fragment';

const finite = v.pipe(v.number(), v.finite());
const fragmentSchema = v.pipe(
  v.strictObject({
    format: v.literal(FRAGMENT_FORMAT),
    nodes: v.pipe(
      v.array(
        v.strictObject({
          id: v.pipe(v.string(), v.regex(ID_PATTERN)),
          type: v.string(),
          params: v.optional(v.record(v.string(), v.unknown())),
          position: v.optional(v.strictObject({ x: finite, y: finite })),
          label: v.optional(v.string()),
        }),
      ),
      v.minLength(1),
    ),
    edges: v.array(v.strictObject({ from: v.string(), to: v.string() })),
  }),
  v.check((f) => {
    const ids = new Set(f.nodes.map((n) => n.id));
    return ids.size === f.nodes.length && f.edges.every((e) => ids.has(e.from) && ids.has(e.to));
  }),
);

export function fragmentToText(fragment: Fragment): string {
  return JSON.stringify({ format: FRAGMENT_FORMAT, ...fragment });
}

/** The fragment a clipboard text holds, or null when it holds something else. */
export function fragmentFromText(text: string): Fragment | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = v.safeParse(fragmentSchema, json);
  return parsed.success ? { nodes: parsed.output.nodes, edges: parsed.output.edges } : null;
}
