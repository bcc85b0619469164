import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../engine';
import { blank } from '../templates/blank';
import { templates } from '../templates/templates';
import { fixesFor } from './fixes';
import { readModel } from './open';
import { ModelStore } from './store.svelte';

const at = { x: 0, y: 0 };

function templateStore(id: string): ModelStore {
  const template = templates.find((t) => t.id === id)!;
  const opened = readModel(template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return new ModelStore(opened.document);
}

const shapeOf = (store: ModelStore, id: string) =>
  store.inspection.nodes.get(id)?.summary?.outputShape;

/** input → conv2d → flatten → dense, built the way the editor builds it. */
function smallNet(): ModelStore {
  const store = new ModelStore(blank);
  const conv = store.addLayer('conv2d', at, 'input');
  const flat = store.addLayer('flatten', at, conv);
  store.addLayer('dense', at, flat);
  return store;
}

describe('ModelStore', () => {
  it('adds layers with starting settings, wired from the given node', () => {
    const store = smallNet();
    expect(store.document.edges).toEqual([
      { from: 'input', to: 'conv2d_1' },
      { from: 'conv2d_1', to: 'flatten_1' },
      { from: 'flatten_1', to: 'dense_1' },
    ]);
    expect(shapeOf(store, 'conv2d_1')).toEqual([16, 28, 28]);
    expect(shapeOf(store, 'dense_1')).toEqual([64]);
    expect(store.inspection.valid).toBe(true);
    expect(store.totals).toEqual({
      params: 160 + 16 * 28 * 28 * 64 + 64,
      macs: 16 * 9 * 28 * 28 + 16 * 28 * 28 * 64,
      weightBytes: (160 + 16 * 28 * 28 * 64 + 64) * 4,
      complete: true,
    });
  });

  it('recomputes shapes when a setting changes, and undoes and redoes it', () => {
    const store = smallNet();
    store.setParam('conv2d_1', 'filters', 8);
    expect(shapeOf(store, 'conv2d_1')).toEqual([8, 28, 28]);
    expect(shapeOf(store, 'flatten_1')).toEqual([8 * 28 * 28]);
    store.undo();
    expect(shapeOf(store, 'conv2d_1')).toEqual([16, 28, 28]);
    store.redo();
    expect(shapeOf(store, 'conv2d_1')).toEqual([8, 28, 28]);
  });

  it('keeps typing into one field as one undo step until the typing ends', () => {
    const store = smallNet();
    store.setParam('conv2d_1', 'filters', 3);
    store.setParam('conv2d_1', 'filters', 32);
    store.endTyping();
    store.setParam('conv2d_1', 'filters', 4);
    store.undo();
    expect(store.document.nodes[1].params?.filters).toBe(32);
    store.undo();
    expect(store.document.nodes[1].params?.filters).toBe(16);
  });

  it('starts a new undo step when typing moves to another field', () => {
    const store = smallNet();
    store.setParam('conv2d_1', 'filters', 8);
    store.setParam('conv2d_1', 'kernelSize', 5);
    store.undo();
    expect(store.document.nodes[1].params).toMatchObject({ filters: 8, kernelSize: 3 });
  });

  it('refuses a cycle or a second input with a sentence and changes nothing', () => {
    const store = smallNet();
    const before = store.document;
    expect(store.connect('dense_1', 'conv2d_1')).toMatch(/already has an input/);
    const relu = store.addLayer('relu', at);
    const add = store.addLayer('add', at);
    expect(store.connect(add, relu)).toBeNull();
    expect(store.connect(relu, add)).toBe(
      `That would make a loop: "add_1" already leads to "relu_1".`,
    );
    expect(store.connect('input', 'input')).toBe('A layer cannot feed itself.');
    expect(store.connect('conv2d_1', 'input')).toBe('The input takes no incoming connection.');
    store.undo();
    store.undo();
    store.undo();
    expect(store.document).toBe(before);
  });

  it('removes nodes with their edges, and edges alone', () => {
    const store = smallNet();
    store.remove(['flatten_1']);
    expect(store.document.edges).toEqual([{ from: 'input', to: 'conv2d_1' }]);
    store.undo();
    store.remove([], [{ from: 'input', to: 'conv2d_1' }]);
    expect(store.document.edges).toHaveLength(2);
    expect(store.inspection.nodes.get('conv2d_1')!.problems[0].message).toMatch(/has no input/);
  });

  it('renames a node in its edges, and refuses a taken or malformed name', () => {
    const store = smallNet();
    expect(store.renameNode('conv2d_1', 'c1')).toBeNull();
    expect(store.document.edges[0]).toEqual({ from: 'input', to: 'c1' });
    expect(store.renameNode('c1', 'dense_1')).toMatch(/already/);
    expect(store.renameNode('c1', 'a b')).toMatch(/letters, digits/);
  });

  it('is clean when opened, dirty after an edit, clean again once saved', () => {
    const store = smallNet();
    const fresh = new ModelStore(blank);
    expect(fresh.dirty).toBe(false);
    expect(store.dirty).toBe(true);
    store.markSaved({ name: 'net.cnn.json', path: null });
    expect(store.dirty).toBe(false);
    expect(store.title).toBe('net.cnn.json');
  });

  it('undoes opening another document, file and all', () => {
    const store = smallNet();
    const mine = store.document;
    store.replace(blank, { name: 'other.cnn.json', path: '/tmp/other.cnn.json' });
    expect(store.title).toBe('other.cnn.json');
    store.undo();
    expect(store.document).toBe(mine);
    expect(store.file).toBeNull();
  });

  it('drops trained weights that no longer fit after an edit', () => {
    const trained: ModelDocument = {
      ...smallNet().document,
      weights: {
        conv2d_1: { bias: { shape: [16], data: new Array(16).fill(0.5) } },
        dense_1: { bias: { shape: [64], data: new Array(64).fill(0) } },
      },
    };
    const store = new ModelStore(trained);
    expect(store.inspection.valid).toBe(true);
    store.setParam('conv2d_1', 'filters', 8);
    expect(Object.keys(store.document.weights!)).toEqual(['dense_1']);
    expect(store.inspection.valid).toBe(true);
  });

  it('lays a template without positions out left to right', () => {
    const store = templateStore('lenet5');
    const xs = store.document.nodes.map((n) => n.position!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(store.document.nodes.map((n) => n.position!.y)).size).toBe(1);
  });
});

describe('templates', () => {
  it('loads LeNet-5 with its textbook shapes and 61,706 parameters', () => {
    const store = templateStore('lenet5');
    expect(store.inspection.valid).toBe(true);
    const layers = store.inspection.order.map((id) => {
      const { outputShape, params } = store.inspection.nodes.get(id)!.summary!;
      return [id, outputShape, params];
    });
    expect(layers).toEqual([
      ['in', [1, 28, 28], 0],
      ['c1', [6, 28, 28], 156],
      ['p1', [6, 14, 14], 0],
      ['c2', [16, 10, 10], 2_416],
      ['p2', [16, 5, 5], 0],
      ['flat', [400], 0],
      ['f1', [120], 48_120],
      ['f2', [84], 10_164],
      ['out', [10], 850],
    ]);
    expect(store.totals.params).toBe(61_706);
    expect(store.totals.macs).toBe(416_520);
  });

  it('are all valid models', () => {
    for (const template of templates) {
      const opened = readModel(template.json);
      expect(opened.ok, template.id).toBe(true);
    }
  });
});

describe('fixes', () => {
  function denseOnImage(): ModelStore {
    const store = new ModelStore(blank);
    const conv = store.addLayer('conv2d', at, 'input');
    store.addLayer('dense', { x: 400, y: 0 }, conv);
    return store;
  }

  const fixes = (store: ModelStore, nodeId: string) => {
    const problem = store.inspection.nodes.get(nodeId)!.problems[0];
    return fixesFor(problem, store.document, store.inspection);
  };

  it('inserts a Flatten before a dense layer on an image, and undo brings the error back', () => {
    const store = denseOnImage();
    expect(store.inspection.nodes.get('dense_1')!.summary!.error).toMatch(/flat input/);
    const offered = fixes(store, 'dense_1');
    expect(offered.map((f) => f.label)).toEqual(['Insert Flatten', 'Insert GlobalAvgPool']);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
    expect(store.document.edges).toEqual([
      { from: 'input', to: 'conv2d_1' },
      { from: 'conv2d_1', to: 'flatten_1' },
      { from: 'flatten_1', to: 'dense_1' },
    ]);
    expect(store.totals.params).toBe(160 + 16 * 28 * 28 * 64 + 64);
    // The flatten takes the dense layer's place; the dense layer moves one column right.
    const position = (id: string) => store.document.nodes.find((n) => n.id === id)!.position;
    expect(position('flatten_1')).toEqual({ x: 400, y: 0 });
    expect(position('dense_1')!.x).toBeGreaterThan(400);
    store.undo();
    expect(store.inspection.nodes.get('dense_1')!.summary!.error).toMatch(/flat input/);
  });

  it('offers padding "same" or a kernel that fits when a kernel is larger than its input', () => {
    const store = new ModelStore(blank);
    store.setParam('input', 'height', 4);
    store.setParam('input', 'width', 4);
    const conv = store.addLayer('conv2d', at, 'input');
    store.setParam(conv, 'padding', 'valid');
    store.setParam(conv, 'kernelSize', 5);
    expect(fixes(store, conv).map((f) => f.label)).toEqual(['Use padding "same"', 'Use kernel 4']);
    const pool = store.addLayer('maxpool2d', at, conv);
    store.setParam(conv, 'kernelSize', 3);
    store.setParam(pool, 'poolSize', 3);
    expect(fixes(store, pool).map((f) => f.label)).toEqual(['Use pool size 2']);
  });

  it('connects a new layer after the end of the chain', () => {
    const store = smallNet();
    const relu = store.addLayer('relu', at);
    const offered = fixes(store, relu);
    expect(offered.map((f) => f.label)).toEqual(['Connect from "dense_1"']);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
  });

  it('sets the output units to the number of classes', () => {
    const store = smallNet();
    store.edit((doc) => ({ ...doc, classes: ['a', 'b', 'c'] }));
    const offered = fixes(store, 'dense_1');
    expect(offered.map((f) => f.label)).toEqual(['Set units to 3']);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
  });

  it('adds a missing input, wired to the first layer', () => {
    const store = smallNet();
    store.remove(['input']);
    const problem = store.inspection.problems.find((p) => p.nodeId === undefined)!;
    const offered = fixesFor(problem, store.document, store.inspection);
    expect(offered.map((f) => f.label)).toEqual(['Add an input']);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
  });

  it('offers nothing for shapes an add cannot reconcile', () => {
    const store = smallNet();
    const add = store.addLayer('add', at, 'conv2d_1');
    store.connect('input', add);
    store.remove(['flatten_1', 'dense_1']);
    const problem = store.inspection.nodes.get(add)!.problems[0];
    expect(problem.message).toMatch(/"conv2d_1" gives 16×28×28, "input" gives 1×28×28/);
    expect(fixesFor(problem, store.document, store.inspection)).toEqual([]);
  });
});
