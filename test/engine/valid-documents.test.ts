// Documents that must parse, and what summarize must say about them: one entry per node in
// topological order, with output shapes, parameter counts and MACs worked out by hand from
// shared/contracts/model-format.md (out = floor((in + 2p - d(k - 1) - 1) / s) + 1).
import { describe, it, expect } from 'vitest';
import { ModelError, createNetwork, parseModel, summarize } from '../../src/engine/index';
import {
  base,
  float32Base64,
  mutate,
  node,
  tensorValues,
  type TensorJSON,
  type TestDoc,
} from './documents';

/** [id, outputShape, params, macs] as summarize must report them. */
type Expected = [string, number[], number, number][];

interface DocumentJSON {
  training?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  weights?: Record<string, Record<string, TensorJSON>>;
}

/** c1 → [4,6,6] (40 params, 4·1·3·3·6·6 MACs) → p1 [4,3,3] → fl [36] → out [3] (3·36 + 3). */
const baseExpected: Expected = [
  ['img', [1, 8, 8], 0, 0],
  ['c1', [4, 6, 6], 40, 1296],
  ['p1', [4, 3, 3], 0, 0],
  ['fl', [36], 0, 0],
  ['out', [3], 111, 108],
];

/** The three-branch graph of the add/concat cases: img → c1, c2, c3 ('same') → merge → p1 → fl → out. */
function threeBranches(mergeType: 'add' | 'concat', filters: [number, number, number]): TestDoc {
  const convs = ['c1', 'c2', 'c3'];
  return mutate((d) => {
    d.nodes = [
      d.nodes[0],
      ...convs.map((id, i) => ({
        id,
        type: 'conv2d',
        params: { filters: filters[i], kernelSize: 3, padding: 'same' },
      })),
      { id: 'm', type: mergeType },
      ...d.nodes.slice(2),
    ];
    d.edges = [
      ...convs.map((id) => ({ from: 'img', to: id })),
      ...convs.map((id) => ({ from: id, to: 'm' })),
      { from: 'm', to: 'p1' },
      { from: 'p1', to: 'fl' },
      { from: 'fl', to: 'out' },
    ];
  });
}

interface ValidCase {
  name: string;
  doc: TestDoc;
  expected: Expected;
}

const cases: ValidCase[] = [
  { name: 'base model', doc: base(), expected: baseExpected },
  {
    name: 'params omitted for relu, flatten and a default maxpool2d',
    doc: mutate((d) => {
      delete node(d, 'p1').params;
      d.nodes.splice(2, 0, { id: 'r1', type: 'relu' });
      d.edges[1] = { from: 'c1', to: 'r1' };
      d.edges.push({ from: 'r1', to: 'p1' });
    }),
    expected: [baseExpected[0], baseExpected[1], ['r1', [4, 6, 6], 0, 0], ...baseExpected.slice(2)],
  },
  {
    name: 'empty params object takes the defaults',
    doc: mutate((d) => (node(d, 'p1').params = {})),
    expected: baseExpected,
  },
  {
    // gap [4]; out 3·4 + 3 params, 12 MACs; softmax keeps [3].
    name: 'params omitted for globalavgpool, tanh, sigmoid and softmax',
    doc: mutate((d) => {
      d.nodes = [
        d.nodes[0],
        d.nodes[1],
        { id: 't1', type: 'tanh' },
        { id: 's1', type: 'sigmoid' },
        { id: 'gap', type: 'globalavgpool' },
        { id: 'out', type: 'dense', params: { units: 3 } },
        { id: 'sm', type: 'softmax' },
      ];
      d.edges = [
        { from: 'img', to: 'c1' },
        { from: 'c1', to: 't1' },
        { from: 't1', to: 's1' },
        { from: 's1', to: 'gap' },
        { from: 'gap', to: 'out' },
        { from: 'out', to: 'sm' },
      ];
    }),
    expected: [
      baseExpected[0],
      baseExpected[1],
      ['t1', [4, 6, 6], 0, 0],
      ['s1', [4, 6, 6], 0, 0],
      ['gap', [4], 0, 0],
      ['out', [3], 15, 12],
      ['sm', [3], 0, 0],
    ],
  },
  {
    // c1: H = floor((8 + 2 - 2·2 - 1) / 1) + 1 = 6, W = floor((8 - 1 - 1) / 2) + 1 = 4;
    // 4·1·3·2 + 4 params, 4·1·3·2·6·4 MACs. p1: H = floor((6 - 2) / 2) + 1 = 3, W = (4 - 2) / 1 + 1 = 3.
    name: 'pair settings',
    doc: mutate((d) => {
      node(d, 'c1').params = {
        filters: 4,
        kernelSize: [3, 2],
        stride: [1, 2],
        padding: [1, 0],
        dilation: [2, 1],
      };
      node(d, 'p1').params = { poolSize: [2, 2], stride: [2, 1] };
    }),
    expected: [baseExpected[0], ['c1', [4, 6, 4], 28, 576], ...baseExpected.slice(2)],
  },
  {
    // p = floor(1·2 / 2) = 1 keeps 8×8: 4·9·64 MACs; p1 [4,4,4]; out 3·64 + 3.
    name: 'padding "same"',
    doc: mutate((d) => (node(d, 'c1').params = { filters: 4, kernelSize: 3, padding: 'same' })),
    expected: [
      baseExpected[0],
      ['c1', [4, 8, 8], 40, 2304],
      ['p1', [4, 4, 4], 0, 0],
      ['fl', [64], 0, 0],
      ['out', [3], 195, 192],
    ],
  },
  {
    // An even kernel: p = floor(3 / 2) = 1, so 8 + 2 - 3 - 1 + 1 = 7 (not TensorFlow's 8);
    // 4·16 + 4 params, 4·16·49 MACs; p1 floor((7 - 2) / 2) + 1 = 3.
    name: 'padding "same" with an even kernel',
    doc: mutate((d) => (node(d, 'c1').params = { filters: 4, kernelSize: 4, padding: 'same' })),
    expected: [baseExpected[0], ['c1', [4, 7, 7], 68, 3136], ...baseExpected.slice(2)],
  },
  {
    name: 'padding "valid"',
    doc: mutate((d) => (node(d, 'c1').params = { filters: 4, kernelSize: 3, padding: 'valid' })),
    expected: baseExpected,
  },
  {
    // 4·1·3·3 weights only; MACs are unchanged by the bias.
    name: 'useBias false',
    doc: mutate((d) => (node(d, 'c1').params = { filters: 4, kernelSize: 3, useBias: false })),
    expected: [baseExpected[0], ['c1', [4, 6, 6], 36, 1296], ...baseExpected.slice(2)],
  },
  {
    // bn: 2·4 parameters (running statistics are not parameters).
    name: 'batchnorm and dropout with defaults',
    doc: mutate((d) => {
      d.nodes.splice(2, 0, { id: 'bn', type: 'batchnorm' });
      d.nodes.splice(5, 0, { id: 'dr', type: 'dropout' });
      d.edges = [
        { from: 'img', to: 'c1' },
        { from: 'c1', to: 'bn' },
        { from: 'bn', to: 'p1' },
        { from: 'p1', to: 'fl' },
        { from: 'fl', to: 'dr' },
        { from: 'dr', to: 'out' },
      ];
    }),
    expected: [
      baseExpected[0],
      baseExpected[1],
      ['bn', [4, 6, 6], 8, 0],
      baseExpected[2],
      baseExpected[3],
      ['dr', [36], 0, 0],
      baseExpected[4],
    ],
  },
  {
    name: 'unknown keys inside training and meta',
    doc: mutate((d) => {
      d.training = {
        dataset: 'mnist',
        batchSize: 64,
        epochs: 1,
        seed: 1,
        optimizer: { type: 'adam', learningRate: 0.001, futureKnob: [1, 2] },
        curriculum: { stages: 3 },
      };
      d.meta = { author: 'tester', notes: { pinned: true } };
    }),
    expected: baseExpected,
  },
  {
    name: 'partial weights as base64',
    doc: mutate((d) => {
      const weight = Float32Array.from({ length: 36 }, (_, i) => (i - 18) / 16);
      d.weights = { c1: { weight: { shape: [4, 1, 3, 3], data: float32Base64(weight) } } };
    }),
    expected: baseExpected,
  },
  {
    name: 'weights as a number array',
    doc: mutate((d) => (d.weights = { out: { bias: { shape: [3], data: [0.5, -1, 2] } } })),
    expected: baseExpected,
  },
  {
    // Three 4×8×8 branches (40 params, 2304 MACs each) summed; p1 [4,4,4]; out 3·64 + 3.
    name: 'add with three inputs',
    doc: threeBranches('add', [4, 4, 4]),
    expected: [
      baseExpected[0],
      ['c1', [4, 8, 8], 40, 2304],
      ['c2', [4, 8, 8], 40, 2304],
      ['c3', [4, 8, 8], 40, 2304],
      ['m', [4, 8, 8], 0, 0],
      ['p1', [4, 4, 4], 0, 0],
      ['fl', [64], 0, 0],
      ['out', [3], 195, 192],
    ],
  },
  {
    // 4 + 2 + 3 = 9 channels; c2 2·9 + 2, c3 3·9 + 3 params; p1 [9,4,4]; out 3·144 + 3.
    name: 'concat with three inputs',
    doc: threeBranches('concat', [4, 2, 3]),
    expected: [
      baseExpected[0],
      ['c1', [4, 8, 8], 40, 2304],
      ['c2', [2, 8, 8], 20, 1152],
      ['c3', [3, 8, 8], 30, 1728],
      ['m', [9, 8, 8], 0, 0],
      ['p1', [9, 4, 4], 0, 0],
      ['fl', [144], 0, 0],
      ['out', [3], 435, 432],
    ],
  },
  {
    name: 'node with label and position',
    doc: mutate((d) => {
      node(d, 'c1').label = 'First convolution';
      node(d, 'c1').position = { x: 120, y: -40.5 };
    }),
    expected: baseExpected,
  },
  {
    name: 'classes present',
    doc: mutate((d) => (d.classes = ['cat', 'dog', 'bird'])),
    expected: baseExpected,
  },
];

describe('parseModel accepts valid documents', () => {
  it.each(cases)('$name', ({ doc, expected }) => {
    const spec = parseModel(doc);
    const summary = summarize(spec);

    // One entry per node, input first, the sink last, every node after its inputs.
    expect(summary.map((s) => s.id).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    const position = new Map(summary.map((s, i) => [s.id, i]));
    for (const edge of doc.edges) {
      expect(position.get(edge.from), `${edge.from} before ${edge.to}`).toBeLessThan(
        position.get(edge.to) as number,
      );
    }
    expect(summary[0].type).toBe('input');
    expect(summary[summary.length - 1].id).toBe(expected[expected.length - 1][0]);

    // Exact numbers, per node, whatever order ties between branches take.
    const byId = new Map(summary.map((s) => [s.id, s]));
    for (const [id, outputShape, params, macs] of expected) {
      const entry = byId.get(id);
      expect(
        entry && {
          type: entry.type,
          outputShape: entry.outputShape,
          params: entry.params,
          macs: entry.macs,
          error: entry.error,
        },
        id,
      ).toEqual({ type: node(doc, id).type, outputShape, params, macs, error: null });
    }

    // A valid document builds, and what the network writes back parses again.
    const network = createNetwork(spec, { seed: 1 });
    expect(() => parseModel(network.toJSON())).not.toThrow();
  });

  it('keeps unknown keys in training and meta through createNetwork and toJSON', () => {
    const doc = cases.find((c) => c.name === 'unknown keys inside training and meta')!.doc;
    const written = createNetwork(parseModel(doc)).toJSON() as DocumentJSON;
    expect(written.training).toMatchObject(doc.training as Record<string, unknown>);
    expect(written.meta).toEqual(doc.meta);
  });

  it('loads partial base64 weights exactly and initialises the rest', () => {
    const doc = cases.find((c) => c.name === 'partial weights as base64')!.doc;
    const given = (doc.weights as Record<string, Record<string, TensorJSON>>).c1.weight;
    const weights = (createNetwork(parseModel(doc), { seed: 3 }).toJSON() as DocumentJSON).weights!;

    expect(weights.c1.weight.shape).toEqual([4, 1, 3, 3]);
    expect(tensorValues(weights.c1.weight)).toEqual(tensorValues(given));
    // Missing tensors follow the contract's initialisers: bias zeros, weight He normal.
    expect(weights.c1.bias.shape).toEqual([4]);
    expect(Array.from(tensorValues(weights.c1.bias))).toEqual([0, 0, 0, 0]);
    expect(weights.out.weight.shape).toEqual([3, 36]);
    expect(tensorValues(weights.out.weight).some((x) => x !== 0)).toBe(true);
  });

  it('loads weights given as a number array', () => {
    const doc = cases.find((c) => c.name === 'weights as a number array')!.doc;
    const weights = (createNetwork(parseModel(doc)).toJSON() as DocumentJSON).weights!;
    expect(Array.from(tensorValues(weights.out.bias))).toEqual([0.5, -1, 2]);
  });
});

describe('summarize reports shape problems instead of throwing', () => {
  const oversized = mutate((d) => (node(d, 'c1').params = { filters: 4, kernelSize: 9 }));

  it('parses a conv2d whose kernel exceeds its input', () => {
    expect(() => parseModel(oversized)).not.toThrow();
  });

  it('names kernelSize on that node and has no shapes downstream', () => {
    const summary = summarize(parseModel(oversized));
    expect(summary.map((s) => s.id)).toEqual(['img', 'c1', 'p1', 'fl', 'out']);
    expect(summary[0]).toMatchObject({ outputShape: [1, 8, 8], error: null });
    expect(summary[1].error).toEqual(expect.any(String));
    expect(summary[1].error!.toLowerCase()).toContain('kernelsize');
    for (const entry of summary.slice(1)) expect(entry.outputShape, entry.id).toBeNull();
  });

  it('refuses to build a network from it with a ModelError', () => {
    expect(() => createNetwork(parseModel(oversized))).toThrow(ModelError);
  });

  it('names Flatten when a dense layer gets an image', () => {
    const noFlatten = mutate((d) => {
      d.nodes = d.nodes.filter((n) => n.id !== 'fl');
      d.edges = d.edges.filter((e) => e.to !== 'fl');
      d.edges[d.edges.length - 1] = { from: 'p1', to: 'out' };
    });
    const summary = summarize(parseModel(noFlatten));
    const out = summary.find((s) => s.id === 'out')!;
    expect(out.outputShape).toBeNull();
    expect(out.error?.toLowerCase()).toContain('flatten');
    expect(() => createNetwork(parseModel(noFlatten))).toThrow(ModelError);
  });
});
