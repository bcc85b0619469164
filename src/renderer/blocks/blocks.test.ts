import { describe, expect, it } from 'vitest';
import { createNetwork, inspectModel, parseModel, type ModelDocument } from '../../engine';
import { readModel, readModelText, writeModelText } from '../document/open';
import { ModelStore } from '../document/store.svelte';
import { templates } from '../templates/templates';
import { boundaryOf } from './boundary';
import {
  blockRefusal,
  makeBlock,
  moveBlock,
  reconcileBlocks,
  renameBlock,
  renameInBlocks,
  repeatBlock,
  setCollapsed,
  twinsOf,
  ungroupBlock,
} from './edits';
import { blockFigures } from './figures';
import { MAX_BLOCK_NAME, blocksOf, readBlocks, withBlocks } from './model';
import { shownGraph } from './view';

/**
 * in 1×8×8 → c0 (conv 4, 3×3 same) → a residual block [a (conv 4, 3×3 same) → bn → r (relu) →
 * add(r, c0)] → f (flatten) → o (dense 10), one row (104 px) apart.
 */
function residual(): ModelDocument {
  const ids = ['in', 'c0', 'a', 'bn', 'r', 'add', 'f', 'o'];
  const types = ['input', 'conv2d', 'conv2d', 'batchnorm', 'relu', 'add', 'flatten', 'dense'];
  const params: Record<string, Record<string, unknown>> = {
    in: { channels: 1, height: 8, width: 8 },
    c0: { filters: 4, kernelSize: 3, padding: 'same' },
    a: { filters: 4, kernelSize: 3, padding: 'same' },
    o: { units: 10 },
  };
  return {
    format: 'cnn-studio/model',
    version: 1,
    nodes: ids.map((id, i) => ({
      id,
      type: types[i],
      ...(params[id] ? { params: params[id] } : {}),
      position: { x: 0, y: 104 * i },
    })),
    edges: [
      { from: 'in', to: 'c0' },
      { from: 'c0', to: 'a' },
      { from: 'a', to: 'bn' },
      { from: 'bn', to: 'r' },
      { from: 'r', to: 'add' },
      { from: 'c0', to: 'add' },
      { from: 'add', to: 'f' },
      { from: 'f', to: 'o' },
    ],
  };
}

const BLOCK = ['a', 'bn', 'r', 'add'];
const yOf = (doc: ModelDocument, id: string) => doc.nodes.find((n) => n.id === id)!.position!.y;

function made(doc: ModelDocument, layers = BLOCK): ModelDocument {
  const result = makeBlock(doc, layers);
  if (!result.ok) throw new Error(result.reason);
  return result.doc;
}

describe('a block’s one input and one output', () => {
  it('takes the residual: the skip and the main path read one tensor', () => {
    expect(boundaryOf(residual(), BLOCK)).toEqual({
      ok: true,
      boundary: { source: 'c0', exit: 'add' },
    });
  });

  it('refuses two inputs, two outputs, the input layer and a lone layer, in words', () => {
    const doc = residual();
    expect(boundaryOf(doc, ['bn', 'r', 'add'])).toEqual({
      ok: false,
      reason: 'The selection takes 2 inputs (from "a" and "c0"); a block takes one.',
    });
    expect(boundaryOf(doc, ['c0', 'a'])).toEqual({
      ok: false,
      reason: 'The selection gives 2 outputs (from "c0" and "a"); a block gives one.',
    });
    expect(boundaryOf(doc, ['in', 'c0'])).toEqual({
      ok: false,
      reason:
        'The input "in" cannot be in a block: a block takes its input from the layer before it.',
    });
    expect(boundaryOf(doc, ['a'])).toEqual({
      ok: false,
      reason: 'A block needs at least two layers.',
    });
  });
});

describe('making, collapsing and expanding a block', () => {
  it('collapses it into one card where its layers were, and what follows moves up', () => {
    const doc = made(residual());
    expect(blocksOf(doc)).toEqual([
      {
        id: 'block_1',
        name: 'Block 1',
        colour: 'blue',
        layers: BLOCK,
        collapsed: true,
        shift: 312,
      },
    ]);
    // The block took rows 2 to 5; collapsed, it takes row 2 alone.
    expect(yOf(doc, 'f')).toBe(624 - 312);
    expect(yOf(doc, 'o')).toBe(728 - 312);
    expect(yOf(doc, 'a')).toBe(208);
    const shown = shownGraph(doc);
    expect(shown.layers).toEqual(['in', 'c0', 'f', 'o']);
    expect(shown.cards.map((c) => [c.id, c.exit, c.position])).toEqual([
      ['block:block_1', 'add', { x: 0, y: 208 }],
    ]);
    expect(shown.edges.map((e) => [e.id, e.tensor, e.labelled, e.plain])).toEqual([
      ['in>c0', 'in', true, true],
      ['c0>block:block_1', 'c0', true, false],
      ['block:block_1>f', 'add', true, false],
      ['f>o', 'f', true, true],
    ]);
  });

  it('expands back to every layer where it was', () => {
    const original = residual();
    const doc = setCollapsed(made(original), 'block_1', false);
    expect(doc.nodes).toEqual(original.nodes);
    expect(shownGraph(doc).frames.map((f) => [f.block.id, f.refusal, f.x, f.y, f.height])).toEqual([
      // Its four rows (208 to 520, cards 64 high) and 12 px of room around them.
      ['block_1', null, -12, 208 - 12, 312 + 64 + 24],
    ]);
  });

  it('expands by the shift it collapsed with, though an edit broke its input', () => {
    const doc = made(residual());
    // c0 deleted as removeElements does, without reconnecting: the block has no input now.
    const broken = {
      ...doc,
      nodes: doc.nodes.filter((n) => n.id !== 'c0'),
      edges: doc.edges.filter((e) => e.from !== 'c0' && e.to !== 'c0'),
    };
    const opened = setCollapsed(broken, 'block_1', false);
    expect(blocksOf(opened)[0].collapsed).toBe(false);
    expect(['a', 'add', 'f', 'o'].map((id) => yOf(opened, id))).toEqual([208, 520, 624, 728]);
  });

  it('deleting the layer that feeds a collapsed block expands it, so nothing overlaps', () => {
    const rows = (doc: ModelDocument) => doc.nodes.map((n) => n.position!.y);
    const apart = (doc: ModelDocument) => new Set(rows(doc)).size === doc.nodes.length;
    const store = new ModelStore(residual());
    store.makeBlock(BLOCK);
    store.remove(['c0']);
    expect(blocksOf(store.document)[0].collapsed).toBe(false);
    expect(shownGraph(store.document).cards).toEqual([]);
    expect(apart(store.document)).toBe(true);
    store.ungroupBlock('block_1');
    expect(apart(store.document)).toBe(true);
    expect(rows(store.document)).toEqual([0, 208, 312, 416, 520, 624, 728]);
    // Reconnected and collapsed again, what follows moves up once, not twice.
    store.undo();
    store.connect('in', 'a');
    store.connect('in', 'add');
    store.setBlockCollapsed('block_1', true);
    expect(yOf(store.document, 'f')).toBe(312);
    store.setBlockCollapsed('block_1', false);
    expect(yOf(store.document, 'f')).toBe(624);
  });

  it('sums the parameters and MACs of its layers, with its exit’s shape and receptive field', () => {
    const doc = residual();
    expect(blockFigures(inspectModel(doc), BLOCK, 'add')).toEqual({
      outputShape: [4, 8, 8],
      // conv 4·4·3·3 + 4 = 148, batch norm γ and β 8; relu and add none.
      params: 156,
      // conv 4·4·9 per pixel over 8×8; the engine counts no multiply-accumulates for the rest.
      macs: 9216,
      // Two 3×3 convolutions in a row see 5×5.
      receptiveField: [5, 5],
      problems: 0,
    });
  });

  it('gives no totals while a layer’s shape is unknown', () => {
    const doc = residual();
    doc.edges = doc.edges.filter((e) => e.to !== 'a');
    const figures = blockFigures(inspectModel(doc), BLOCK, 'add');
    expect(figures.params).toBeNull();
    expect(figures.macs).toBeNull();
    expect(figures.problems).toBeGreaterThan(0);
  });

  it('refuses a layer that is already in a block', () => {
    const doc = made(residual(), ['a', 'bn']);
    const reason = '"bn" is already in the block "Block 1"; a layer is in one block at most.';
    expect(makeBlock(doc, ['bn', 'r'])).toEqual({ ok: false, reason });
    // Before the button is tried, though the layers have one input and one output.
    expect(boundaryOf(doc, ['a', 'bn', 'r']).ok).toBe(true);
    expect(blockRefusal(doc, ['a', 'bn', 'r'])).toBe(
      '"a" is already in the block "Block 1"; a layer is in one block at most.',
    );
    expect(blockRefusal(residual(), BLOCK)).toBeNull();
  });
});

describe('Repeat ×N', () => {
  it('chains the copies after the block, new ids, no weights, the skip from the copy before', () => {
    const result = repeatBlock(made(residual()), 'block_1', 3);
    if (!result.ok) throw new Error(result.reason);
    const { doc } = result;
    expect(doc.nodes.map((n) => n.id)).toEqual([
      ...['in', 'c0', 'a', 'bn', 'r', 'add', 'f', 'o'],
      ...['a_2', 'bn_2', 'r_2', 'add_2', 'a_3', 'bn_3', 'r_3', 'add_3'],
    ]);
    expect(doc.edges).toEqual([
      { from: 'in', to: 'c0' },
      { from: 'c0', to: 'a' },
      { from: 'a', to: 'bn' },
      { from: 'bn', to: 'r' },
      { from: 'r', to: 'add' },
      { from: 'c0', to: 'add' },
      { from: 'add_3', to: 'f' },
      { from: 'f', to: 'o' },
      { from: 'add', to: 'a_2' },
      { from: 'a_2', to: 'bn_2' },
      { from: 'bn_2', to: 'r_2' },
      { from: 'r_2', to: 'add_2' },
      { from: 'add', to: 'add_2' },
      { from: 'add_2', to: 'a_3' },
      { from: 'a_3', to: 'bn_3' },
      { from: 'bn_3', to: 'r_3' },
      { from: 'r_3', to: 'add_3' },
      { from: 'add_2', to: 'add_3' },
    ]);
    expect(blocksOf(doc).map((b) => [b.id, b.name, b.of, b.collapsed])).toEqual([
      ['block_1', 'Block 1', undefined, true],
      ['block_1_2', 'Block 1 (2 of 3)', 'block_1', true],
      ['block_1_3', 'Block 1 (3 of 3)', 'block_1', true],
    ]);
    // Three collapsed cards one row apart, then what followed the block.
    expect(shownGraph(doc).cards.map((c) => c.position.y)).toEqual([208, 312, 416]);
    expect(yOf(doc, 'f')).toBe(520);
    expect(inspectModel(doc).valid).toBe(true);
    // Each copy starts from its own initial weights, drawn from the seed by layer id.
    const network = createNetwork(parseModel(doc), { kernels: 'reference' });
    const weightOf = (id: string) => Array.from(network.tensor(id, 'weight'));
    expect(weightOf('a_2')).not.toEqual(weightOf('a'));
    expect(weightOf('a_3')).not.toEqual(weightOf('a_2'));
  });

  it('names the copies of a block with a long id within the 64 characters an id may have', () => {
    const doc = made(residual());
    const long = 'b'.repeat(64);
    const renamed = withBlocks(
      doc,
      blocksOf(doc).map((b) => ({ ...b, id: long })),
    );
    const result = repeatBlock(renamed, long, 3);
    if (!result.ok) throw new Error(result.reason);
    expect(blocksOf(result.doc).map((b) => b.id)).toEqual([
      long,
      `${'b'.repeat(58)}_2`,
      `${'b'.repeat(58)}_3`,
    ]);
    expect(readBlocks(result.doc)).toEqual({ ok: true, blocks: blocksOf(result.doc) });
  });

  it('repeating again numbers every instance anew, in the order they run', () => {
    const first = repeatBlock(made(residual()), 'block_1', 3);
    if (!first.ok) throw new Error(first.reason);
    const second = repeatBlock(first.doc, 'block_1_3', 2);
    if (!second.ok) throw new Error(second.reason);
    expect(blocksOf(second.doc).map((b) => [b.id, b.name, b.of])).toEqual([
      ['block_1', 'Block 1', undefined],
      ['block_1_2', 'Block 1 (2 of 4)', 'block_1'],
      ['block_1_3', 'Block 1 (3 of 4)', 'block_1'],
      ['block_1_3_2', 'Block 1 (4 of 4)', 'block_1'],
    ]);
    // The chain runs in that order: the last copy feeds what followed the block.
    expect(second.doc.edges.find((e) => e.to === 'f')).toEqual({ from: 'add_3_2', to: 'f' });
    // A copy the user renamed keeps its name.
    const renamed = repeatBlock(renameBlock(first.doc, 'block_1_2', 'Middle'), 'block_1', 2);
    if (!renamed.ok) throw new Error(renamed.reason);
    expect(blocksOf(renamed.doc).map((b) => b.name)).toEqual([
      'Block 1',
      'Block 1 (2 of 4)',
      'Middle',
      'Block 1 (4 of 4)',
    ]);
  });

  it('shortens a long name so that a copy’s, numbered, is a name a block may have', () => {
    const doc = renameBlock(made(residual()), 'block_1', 'n'.repeat(MAX_BLOCK_NAME));
    const result = repeatBlock(doc, 'block_1', 12);
    if (!result.ok) throw new Error(result.reason);
    const names = blocksOf(result.doc).map((b) => b.name);
    expect(names[11]).toBe(`${'n'.repeat(MAX_BLOCK_NAME - 11)} (12 of 12)`);
    expect(names.every((name) => name.length <= MAX_BLOCK_NAME)).toBe(true);
    expect(readBlocks(result.doc).ok).toBe(true);
  });

  it('refuses a count outside 2 to 32', () => {
    const doc = made(residual());
    expect(repeatBlock(doc, 'block_1', 1)).toEqual({
      ok: false,
      reason: 'Repeat takes a whole number of times from 2 to 32.',
    });
    expect(repeatBlock(doc, 'block_1', 33).ok).toBe(false);
  });

  it('links each copy’s layers to the definition’s, by place, while their types match', () => {
    const result = repeatBlock(made(residual()), 'block_1', 3);
    if (!result.ok) throw new Error(result.reason);
    expect(twinsOf(result.doc, 'bn_3')).toEqual(['bn', 'bn_2', 'bn_3']);
    expect(twinsOf(result.doc, 'c0')).toEqual(['c0']);
    // A copy that lost a layer no longer matches: it is a block of its own.
    const trimmed = reconcileBlocks({
      ...result.doc,
      nodes: result.doc.nodes.filter((n) => n.id !== 'r_2'),
    });
    expect(blocksOf(trimmed).map((b) => [b.id, b.layers.length, b.of])).toEqual([
      ['block_1', 4, undefined],
      ['block_1_2', 3, undefined],
      ['block_1_3', 4, 'block_1'],
    ]);
    expect(twinsOf(trimmed, 'bn')).toEqual(['bn', 'bn_3']);
  });

  it('ungrouping the definition makes its first copy the definition of the rest', () => {
    const result = repeatBlock(made(residual()), 'block_1', 3);
    if (!result.ok) throw new Error(result.reason);
    const doc = ungroupBlock(result.doc, 'block_1');
    expect(blocksOf(doc).map((b) => [b.id, b.of])).toEqual([
      ['block_1_2', undefined],
      ['block_1_3', 'block_1_2'],
    ]);
    expect(twinsOf(doc, 'a')).toEqual(['a']);
    expect(twinsOf(doc, 'a_3')).toEqual(['a_2', 'a_3']);
  });
});

describe('blocks in the store', () => {
  it('shares a setting edited in any copy with the definition and every other copy, in one undo step', () => {
    const store = new ModelStore(residual());
    store.makeBlock(BLOCK);
    expect(store.repeatBlock('block_1', 3)).toBeNull();
    store.setParam('a_2', 'filters', 8);
    const filters = (id: string) => store.document.nodes.find((n) => n.id === id)?.params?.filters;
    expect(['a', 'a_2', 'a_3'].map(filters)).toEqual([8, 8, 8]);
    expect(filters('c0')).toBe(4);
    store.undo();
    expect(['a', 'a_2', 'a_3'].map(filters)).toEqual([4, 4, 4]);
    store.undo();
    expect(store.document.nodes).toHaveLength(8);
    store.undo();
    expect(store.document.meta).toBeUndefined();
    expect(store.document.nodes).toEqual(residual().nodes);
    store.redo();
    expect(blocksOf(store.document)).toHaveLength(1);
    expect(yOf(store.document, 'f')).toBe(312);
  });

  it('renames a layer in its block, and drops a block whose layers are deleted', () => {
    const store = new ModelStore(residual());
    store.makeBlock(BLOCK);
    store.renameNode('bn', 'norm');
    expect(blocksOf(store.document)[0].layers).toEqual(['a', 'norm', 'r', 'add']);
    store.remove(['a', 'norm', 'r']);
    expect(store.document.meta).toBeUndefined();
  });

  it('a renamed layer outside blocks leaves the document’s blocks as they are', () => {
    const doc = made(residual());
    expect(renameInBlocks(doc, 'c0', 'stem')).toBe(doc);
  });
});

describe('blocks in the file', () => {
  it('survive save and open', () => {
    const doc = made(residual());
    const opened = readModelText(writeModelText(doc));
    expect(opened).toEqual({ ok: true, document: doc, notes: [] });
    // The engine reads the same flat graph.
    expect(parseModel(doc).nodes.map((n) => n.id)).toEqual(residual().nodes.map((n) => n.id));
  });

  it('are reported and left out when not valid, and the model opens', () => {
    const doc = made(residual());
    const broken = structuredClone(doc);
    (broken.meta!.blocks as { version: number }).version = 2;
    expect(readBlocks(broken)).toEqual({ ok: false, problems: ['meta.blocks.version must be 1'] });
    const opened = readModel(broken);
    expect(opened.ok && opened.notes).toEqual([
      'Its blocks were left out (meta.blocks.version must be 1).',
    ]);
    expect(opened.ok && opened.document.meta).toBeUndefined();

    const unknown = structuredClone(doc);
    (unknown.meta!.blocks as { blocks: { layers: string[] }[] }).blocks[0].layers.push('zz');
    expect(readBlocks(unknown)).toEqual({
      ok: false,
      problems: ['meta.blocks.blocks[0].layers names "zz", which is no layer'],
    });
    const colour = structuredClone(doc);
    (colour.meta!.blocks as { blocks: { colour: string }[] }).blocks[0].colour = 'red';
    expect(readBlocks(colour)).toEqual({
      ok: false,
      problems: [
        'meta.blocks.blocks[0].colour must be one of blue, green, orange, purple, teal, rose',
      ],
    });
  });

  it('a template without positions opens laid out with its collapsed blocks closed up', () => {
    const doc = made(residual());
    const bare = { ...doc, nodes: doc.nodes.map(({ position: _, ...n }) => n) };
    const opened = readModel(bare);
    if (!opened.ok) throw new Error(opened.problems.join('\n'));
    const shown = shownGraph(opened.document);
    const card = shown.cards[0].position.y;
    expect(yOf(opened.document, 'c0') + 104).toBe(card);
    expect(yOf(opened.document, 'f')).toBe(card + 104);
  });
});

describe('the templates’ blocks', () => {
  const opened = (id: string) => {
    const template = templates.find((t) => t.id === id)!;
    const read = readModel(template.json);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    expect(read.notes).toEqual([]);
    return read.document;
  };

  it.each([
    ['mobilenet-mini', 43, 13],
    ['efficientnet-mini', 57, 14],
    ['inception-mini', 69, 12],
    ['densenet-mini', 42, 9],
    ['convnext-mini', 23, 11],
  ])('%s: %i layers open as %i cards, every block collapsed', (id, layers, cards) => {
    const doc = opened(id);
    const shown = shownGraph(doc);
    expect(doc.nodes).toHaveLength(layers);
    expect(shown.frames).toEqual([]);
    expect(shown.layers.length + shown.cards.length).toBe(cards);
  });

  it.each(['densenet-mini', 'convnext-mini'])(
    '%s: a repeated block has its definition’s settings, layer by layer',
    (id) => {
      const doc = opened(id);
      const blocks = blocksOf(doc);
      const copies = blocks.filter((b) => b.of);
      expect(copies).toHaveLength(1);
      const params = (layer: string) => doc.nodes.find((n) => n.id === layer)!.params;
      for (const copy of copies) {
        const definition = blocks.find((b) => b.id === copy.of)!;
        expect(copy.layers.map(params)).toEqual(definition.layers.map(params));
        expect(twinsOf(doc, copy.layers[2])).toEqual([definition.layers[2], copy.layers[2]]);
      }
    },
  );
});

describe('a collapsed card dragged', () => {
  it('moves its hidden layers with it, and expanding shows them where it went', () => {
    const doc = moveBlock(made(residual()), 'block_1', { x: 300, y: 20 });
    expect(shownGraph(doc).cards[0].position).toEqual({ x: 300, y: 228 });
    expect(BLOCK.map((id) => doc.nodes.find((n) => n.id === id)!.position)).toEqual([
      { x: 300, y: 228 },
      { x: 300, y: 332 },
      { x: 300, y: 436 },
      { x: 300, y: 540 },
    ]);
    expect(yOf(doc, 'f')).toBe(312);
    expect(yOf(setCollapsed(doc, 'block_1', false), 'f')).toBe(624);
  });
});
