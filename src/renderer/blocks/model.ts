// Blocks: named, coloured groups of layers with one input and one output, which the canvas can
// draw as one card. They are the editor's alone: kept under the document's `meta.blocks` (free
// for the editor by the model format), so the engine's graph stays flat. What crosses in from a
// file is checked here; a `meta.blocks` that fails is reported and left out, the model opens.

import * as v from 'valibot';
import type { ModelDocument } from '../../engine';
import { ID_PATTERN } from '../../engine/model/schema';

/** The colours a block can have: theme tokens `--block-<name>` in app.css. */
export const BLOCK_COLOURS = ['blue', 'green', 'orange', 'purple', 'teal', 'rose'] as const;
export type BlockColour = (typeof BLOCK_COLOURS)[number];

/** The version of `meta.blocks` this editor writes and reads. */
export const BLOCKS_VERSION = 1;

/** The longest name a block may have. */
export const MAX_BLOCK_NAME = 80;

const blockSchema = v.object({
  id: v.pipe(
    v.string('must be a string'),
    v.regex(ID_PATTERN, 'must be 1 to 64 of A-Z a-z 0-9 _ -'),
  ),
  name: v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(MAX_BLOCK_NAME, `must be at most ${MAX_BLOCK_NAME} characters`),
  ),
  colour: v.picklist(BLOCK_COLOURS, `must be one of ${BLOCK_COLOURS.join(', ')}`),
  /** Its layers' ids; a copy lists them in the order of its definition's. */
  layers: v.pipe(
    v.array(v.string('must be a string'), 'must be a list of layer ids'),
    v.minLength(2, 'must list at least two layers'),
  ),
  collapsed: v.boolean('must be true or false'),
  /**
   * How far collapsing moved what follows the block up; expanding moves it back down by exactly
   * this, whatever edits did to the block's boundary meanwhile. Absent in older files.
   */
  shift: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.finite('must be finite'),
      v.minValue(0, 'must not be negative'),
    ),
  ),
  /** A copy made by Repeat: the id of the block it repeats, whose settings it shares. */
  of: v.optional(v.string('must be a string')),
});

const blocksSchema = v.object({
  version: v.literal(BLOCKS_VERSION, `must be ${BLOCKS_VERSION}`),
  blocks: v.array(blockSchema, 'must be a list'),
});

export type Block = v.InferOutput<typeof blockSchema>;

export type BlocksRead = { ok: true; blocks: Block[] } | { ok: false; problems: string[] };

/** A document's blocks as it comes from outside, checked against its layers too. */
export function readBlocks(doc: ModelDocument): BlocksRead {
  const raw = doc.meta?.blocks;
  if (raw === undefined) return { ok: true, blocks: [] };
  const parsed = v.safeParse(blocksSchema, raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.map((issue) => {
        const path = (issue.path ?? []).map((p) => `${p.key as string | number}`);
        return `meta.blocks${path.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('')} ${issue.message}`;
      }),
    };
  }
  const problems = crossProblems(doc, parsed.output.blocks);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, blocks: parsed.output.blocks };
}

/** What the schema cannot see: ids that name no layer, a layer in two blocks, a copy of nothing. */
function crossProblems(doc: ModelDocument, blocks: Block[]): string[] {
  const layers = new Set(doc.nodes.map((n) => n.id));
  const owner = new Map<string, string>();
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const [i, block] of blocks.entries()) {
    const at = `meta.blocks.blocks[${i}]`;
    if (ids.has(block.id)) problems.push(`${at}.id "${block.id}" is used by another block`);
    ids.add(block.id);
    for (const id of block.layers) {
      if (!layers.has(id)) problems.push(`${at}.layers names "${id}", which is no layer`);
      else if (owner.has(id))
        problems.push(`${at}.layers names "${id}", already in block "${owner.get(id)}"`);
      else owner.set(id, block.id);
    }
  }
  for (const [i, block] of blocks.entries()) {
    const definition = blocks.find((b) => b.id === block.of);
    if (block.of !== undefined && (!definition || definition.of !== undefined))
      problems.push(`meta.blocks.blocks[${i}].of "${block.of}" is not a block that is not a copy`);
  }
  return problems;
}

/**
 * The blocks of a document in the editor (checked when it was opened; an edit may have just left
 * an id of a deleted or renamed layer, which reconcileBlocks then takes out).
 */
export function blocksOf(doc: ModelDocument): Block[] {
  const raw = doc.meta?.blocks;
  if (raw === undefined) return [];
  const parsed = v.safeParse(blocksSchema, raw);
  return parsed.success ? parsed.output.blocks : [];
}

/** The document with these blocks (and without `meta.blocks` when there are none). */
export function withBlocks(doc: ModelDocument, blocks: readonly Block[]): ModelDocument {
  if (blocks.length === 0 && doc.meta?.blocks === undefined) return doc;
  const meta = { ...doc.meta };
  if (blocks.length > 0) meta.blocks = { version: BLOCKS_VERSION, blocks: [...blocks] };
  else delete meta.blocks;
  const next: ModelDocument = { ...doc, meta };
  if (Object.keys(meta).length === 0) delete next.meta;
  return next;
}

/** The document without its `meta.blocks` (one that failed `readBlocks`). */
export function withoutBlocks(doc: ModelDocument): ModelDocument {
  return withBlocks(doc, []);
}

/** The block whose layers are exactly these, if one is. */
export function blockWithLayers(blocks: readonly Block[], layers: readonly string[]) {
  const chosen = new Set(layers);
  return blocks.find(
    (b) => b.layers.length === chosen.size && b.layers.every((id) => chosen.has(id)),
  );
}
