// A block's one input and one output. A set of layers can be a block when one layer outside it
// feeds it (its source: the tensor it takes, which may reach several of its layers, as a residual's
// skip does) and one of its layers (its exit) gives what leaves it; every layer in it is fed, on
// some path, from that source. Otherwise the refusal says why, in a sentence.

import type { ModelDocument } from '../../engine';

export interface Boundary {
  /** The layer outside the block whose output it takes. */
  source: string;
  /** The block's layer whose output leaves it. */
  exit: string;
}

export type BoundaryCheck = { ok: true; boundary: Boundary } | { ok: false; reason: string };

/** `"a"`, `"a" and "b"`, `"a", "b" and 3 more`. */
function names(ids: readonly string[]): string {
  const quoted = ids.slice(0, ids.length > 3 ? 2 : 3).map((id) => `"${id}"`);
  const rest = ids.length - quoted.length;
  if (rest > 0) return `${quoted.join(', ')} and ${rest} more`;
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

export function boundaryOf(doc: ModelDocument, layers: readonly string[]): BoundaryCheck {
  const inside = new Set(layers);
  if (inside.size < 2) return { ok: false, reason: 'A block needs at least two layers.' };
  const input = doc.nodes.find((n) => inside.has(n.id) && n.type === 'input');
  if (input)
    return {
      ok: false,
      reason: `The input "${input.id}" cannot be in a block: a block takes its input from the layer before it.`,
    };
  const sources = [
    ...new Set(doc.edges.filter((e) => inside.has(e.to) && !inside.has(e.from)).map((e) => e.from)),
  ];
  if (sources.length === 0)
    return {
      ok: false,
      reason: 'No layer outside the selection feeds it; a block takes one input.',
    };
  if (sources.length > 1)
    return {
      ok: false,
      reason: `The selection takes ${sources.length} inputs (from ${names(sources)}); a block takes one.`,
    };
  const exits = layers.filter((id) => {
    const out = doc.edges.filter((e) => e.from === id);
    return out.length === 0 || out.some((e) => !inside.has(e.to));
  });
  if (exits.length !== 1)
    return {
      ok: false,
      reason: `The selection gives ${exits.length} outputs (from ${names(exits)}); a block gives one.`,
    };
  const unfed = unreached(doc, inside, sources[0]);
  if (unfed.length > 0)
    return {
      ok: false,
      reason: `${names(unfed)} ${unfed.length === 1 ? 'is' : 'are'} not fed from the block's input "${sources[0]}".`,
    };
  return { ok: true, boundary: { source: sources[0], exit: exits[0] } };
}

/** The layers inside that no path of edges inside reaches from `source`. */
function unreached(doc: ModelDocument, inside: ReadonlySet<string>, source: string): string[] {
  const seen = new Set<string>();
  const stack = [source];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of doc.edges) {
      if (e.from === id && inside.has(e.to) && !seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return [...inside].filter((id) => !seen.has(id));
}
