import { describe, expect, it } from 'vitest';
import { createNetwork, parseModel, type ModelDocument } from '../../engine';
import { blank } from '../templates/blank';
import { templates } from '../templates/templates';
import { fixesFor } from './fixes';
import { CHAIN_STEP } from './geometry';
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
    const params = 160 + 16 * 28 * 28 * 64 + 64;
    // No training section: MNIST's defaults, a batch of 64 and SGD with one velocity a parameter.
    const network = createNetwork(parseModel(store.document), { kernels: 'reference' });
    expect(store.totals).toEqual({
      params,
      macs: 16 * 9 * 28 * 28 + 16 * 28 * 28 * 64,
      weightBytes: params * 4,
      uncounted: 0,
      trainingMemory: {
        batch: 64,
        bytes: network.memoryBytes(64, { optimizerState: params }).total,
      },
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

  it('adds a layer after one in the middle of a chain into the chain, moving the rest on', () => {
    const store = smallNet();
    store.move(
      new Map([
        ['conv2d_1', { x: 300, y: 0 }],
        ['flatten_1', { x: 600, y: 0 }],
        ['dense_1', { x: 900, y: 0 }],
      ]),
    );
    const relu = store.addLayer('relu', { x: 0, y: 500 }, 'conv2d_1');
    expect(store.document.edges).toEqual([
      { from: 'input', to: 'conv2d_1' },
      { from: 'relu_1', to: 'flatten_1' },
      { from: 'flatten_1', to: 'dense_1' },
      { from: 'conv2d_1', to: 'relu_1' },
    ]);
    expect(store.inspection.valid).toBe(true);
    const placed = (id: string) => store.document.nodes.find((n) => n.id === id)!.position;
    expect(placed(relu)).toEqual({ x: 600, y: 0 });
    expect(placed('flatten_1')).toEqual({ x: 600 + CHAIN_STEP.x, y: CHAIN_STEP.y });
    expect(placed('dense_1')).toEqual({ x: 900 + CHAIN_STEP.x, y: CHAIN_STEP.y });
    // A branch point feeds the new layer, which feeds both branches.
    store.undo();
    const add = store.addLayer('add', at);
    store.connect('conv2d_1', add);
    store.addLayer('relu', at, 'conv2d_1');
    expect(store.document.edges.filter((e) => e.from === 'relu_1').map((e) => e.to)).toEqual([
      'flatten_1',
      add,
    ]);
    // An input is never wired after anything.
    store.addLayer('input', { x: 0, y: 0 }, 'dense_1');
    expect(store.document.edges.some((e) => e.to === 'input_1')).toBe(false);
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

  it('lays a template without positions out top to bottom', () => {
    const store = templateStore('lenet5');
    const ys = store.document.nodes.map((n) => n.position!.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(store.document.nodes.map((n) => n.position!.x)).size).toBe(1);
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
    // The flatten takes the dense layer's place; the dense layer moves one step on.
    const position = (id: string) => store.document.nodes.find((n) => n.id === id)!.position;
    expect(position('flatten_1')).toEqual({ x: 400, y: 0 });
    expect(position('dense_1')).toEqual({ x: 400 + CHAIN_STEP.x, y: CHAIN_STEP.y });
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

  it('offers group counts that divide the channels, depthwise among them, when groups do not', () => {
    const store = new ModelStore(blank);
    store.setParam('input', 'channels', 6);
    const conv = store.addLayer('conv2d', at, 'input');
    store.setParam(conv, 'filters', 12);
    store.setParam(conv, 'groups', 4);
    expect(store.inspection.nodes.get(conv)!.problems[0].message).toMatch(
      /groups 4 does not divide 6 input channels: use 1, 2, 3 or 6/,
    );
    const offered = fixes(store, conv);
    expect(offered.map((f) => f.label)).toEqual(['Use groups 3', 'Make it depthwise (groups 6)']);
    store.applyFix(offered[1]);
    expect(store.inspection.valid).toBe(true);
    expect(store.totals.params).toBe(12 * 1 * 3 * 3 + 12);
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

  it('projects a merge input to the main path: a 1×1 convolution for channels', () => {
    const store = smallNet();
    const add = store.addLayer('add', at, 'conv2d_1');
    store.connect('input', add);
    store.remove(['flatten_1', 'dense_1']);
    const problem = store.inspection.nodes.get(add)!.problems[0];
    expect(problem.message).toMatch(/"conv2d_1" gives 16×28×28, "input" gives 1×28×28/);
    const offered = fixesFor(problem, store.document, store.inspection);
    expect(offered.map((f) => f.label)).toEqual([
      'Insert a 1×1 convolution after "input" (16 filters)',
    ]);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
    expect(shapeOf(store, 'conv2d_2')).toEqual([16, 28, 28]);
  });

  it('matches merge sizes with a pool, or a strided 1×1 convolution when channels differ too', () => {
    const store = new ModelStore(blank);
    const c1 = store.addLayer('conv2d', at, 'input');
    const c2 = store.addLayer('conv2d', at, c1);
    store.setParam(c2, 'stride', 2);
    const add = store.addLayer('add', at, c2);
    store.connect(c1, add);
    const labels = () =>
      fixesFor(store.inspection.nodes.get(add)!.problems[0], store.document, store.inspection).map(
        (f) => f.label,
      );
    expect(labels()).toEqual([`Insert a 2×2 max pool after "${c1}"`]);
    store.remove([], [{ from: c1, to: add }]);
    store.connect('input', add);
    expect(labels()).toEqual(['Insert a 1×1 convolution after "input" (16 filters, stride 2)']);
    // A concat needs equal sizes only; 7×7 meets 4×4 with a pool that rounds up.
    store.setParam('input', 'height', 7);
    store.setParam('input', 'width', 7);
    store.remove([add]);
    const concat = store.addLayer('concat', at, c2);
    store.connect(c1, concat);
    const offered = fixesFor(
      store.inspection.nodes.get(concat)!.problems[0],
      store.document,
      store.inspection,
    );
    expect(offered.map((f) => f.label)).toEqual([`Insert a 2×2 max pool after "${c1}"`]);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
    expect(shapeOf(store, concat)).toEqual([32, 4, 4]);
  });

  it('offers a kernel that fits with its dilation, and the fix clears the error', () => {
    const store = new ModelStore(blank);
    const conv = store.addLayer('conv2d', at, 'input');
    store.setParam(conv, 'padding', 'valid');
    store.setParam(conv, 'dilation', 20);
    const offered = fixes(store, conv);
    expect(offered.map((f) => f.label)).toEqual(['Use padding "same"', 'Use kernel 2']);
    store.applyFix(offered[1]);
    expect(store.inspection.valid).toBe(true);
    expect(shapeOf(store, conv)).toEqual([16, 8, 8]);
  });

  it('puts a layer left beside the chain into it, or removes it, when there are two outputs', () => {
    const store = smallNet();
    const relu = store.addLayer('relu', at);
    store.connect('conv2d_1', relu);
    const problem = store.inspection.problems.find((p) => /2 outputs/.test(p.message))!;
    const offered = fixesFor(problem, store.document, store.inspection);
    expect(offered.map((f) => f.label)).toEqual([
      `Put "${relu}" into the chain after "conv2d_1"`,
      `Remove "${relu}"`,
    ]);
    store.applyFix(offered[0]);
    expect(store.inspection.valid).toBe(true);
    expect(store.document.edges).toContainEqual({ from: relu, to: 'flatten_1' });
  });

  it('never offers to feed a pasted layer from the layer that gives the class scores', () => {
    const store = templateStore('lenet5');
    const [copy] = store.paste(
      { nodes: [store.document.nodes.find((n) => n.id === 'c1')!], edges: [] },
      { x: 40, y: 40 },
    );
    const problem = store.inspection.nodes.get(copy)!.problems[0];
    const labels = fixesFor(problem, store.document, store.inspection).map((f) => f.label);
    expect(labels).not.toContain('Connect from "out"');
    expect(labels.every((label) => !label.includes('"f'))).toBe(true);
  });
});
