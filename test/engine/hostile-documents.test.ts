import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  ModelError,
  parseModel,
  summarize,
  type ModelDocument,
  type NodeDoc,
} from '../../src/engine/index';
import { chain } from './models';

// Documents that are valid by the contract's rules but could trip JavaScript itself.

const tiny = (id: string) =>
  chain(
    [1, 1, 2],
    [
      { id: 'fl', type: 'flatten' },
      { id, type: 'dense', params: { units: 1 } },
    ],
    {
      weights: {
        [id]: { weight: { shape: [1, 2], data: [1, 1] }, bias: { shape: [1], data: [0] } },
      },
    },
  );

describe('node ids that are names of Object.prototype', () => {
  for (const id of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    it(`"${id}" keeps its weights, gets its gradients and round-trips`, () => {
      const doc = JSON.parse(JSON.stringify(tiny(id))) as object;
      const net = createNetwork(parseModel(doc));
      expect(Array.from(net.predict(Float32Array.from([1, 1]), 1))).toEqual([2]);
      const { grads } = net.computeGradients(Float32Array.from([1, 1]), [0], 1);
      expect(Object.keys(grads)).toEqual([id]);
      const again = createNetwork(parseModel(JSON.parse(JSON.stringify(net.toJSON()))));
      expect(again.predict(Float32Array.from([3, 4]), 1)).toEqual(
        net.predict(Float32Array.from([3, 4]), 1),
      );
      expect(({} as Record<string, unknown>).weight).toBeUndefined();
    });
  }

  it('a tensor named "constructor" is refused like any unknown tensor', () => {
    const doc = JSON.parse(
      '{"format":"cnn-studio/model","version":1,"nodes":[{"id":"in","type":"input","params":{"channels":1,"height":1,"width":2}},{"id":"fl","type":"flatten"},{"id":"d","type":"dense","params":{"units":1}}],"edges":[{"from":"in","to":"fl"},{"from":"fl","to":"d"}],"weights":{"d":{"constructor":{"shape":[1],"data":[0]}}}}',
    ) as object;
    expect(() => parseModel(doc)).toThrow(
      'weights of node "d" (dense): unknown tensor "constructor"',
    );
  });
});

describe('limits that keep the engine from crashing', () => {
  it('meta nested deeper than 64 levels is refused, not a stack overflow later', () => {
    let meta: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) meta = { a: meta };
    const doc = { ...tiny('d'), meta };
    expect(() => parseModel(doc)).toThrow(ModelError);
    expect(() => parseModel(doc)).toThrow(/meta must be JSON data nested at most 64 levels deep/);
  });

  it('a model too large to allocate is a ModelError, not a RangeError', () => {
    const doc = chain(
      [64, 64, 64],
      [{ type: 'flatten' }, { id: 'huge', type: 'dense', params: { units: 1000000 } }],
    );
    expect(() => createNetwork(parseModel(doc))).toThrow(ModelError);
  });
});

describe('summarize', () => {
  it("returns exactly the contract's LayerSummary fields; the receptive field is there to read", () => {
    const [, conv] = summarize(
      parseModel(
        chain([1, 8, 8], [{ id: 'c', type: 'conv2d', params: { filters: 4, kernelSize: 3 } }]),
      ),
    );
    expect(conv).toStrictEqual({
      id: 'c',
      type: 'conv2d',
      outputShape: [4, 6, 6],
      params: 40,
      macs: 1296,
      error: null,
    });
    expect(conv.receptiveField).toEqual({ size: [3, 3], jump: [1, 1] });
  });
});

describe('settings whose outputs would not be finite', () => {
  const withLayer = (layer: NodeDoc, weights?: ModelDocument['weights']) =>
    chain([2, 1, 2], [layer, { type: 'flatten' }], weights ? { weights } : {});
  const zeroVariance = (id: string) => ({
    [id]: {
      gamma: { shape: [2], data: [1, 1] },
      beta: { shape: [2], data: [0, 0] },
      runningMean: { shape: [2], data: [0, 0] },
      runningVar: { shape: [2], data: [0, 0] },
    },
  });

  for (const [name, layer, weights, field, says] of [
    [
      'leaky ReLU alpha 1e39',
      { id: 'lr', type: 'leakyrelu', params: { alpha: 1e39 } },
      undefined,
      'alpha',
      'alpha must be a number from -1 to 1, got 1e+39',
    ],
    [
      'leaky ReLU alpha -2',
      { id: 'lr', type: 'leakyrelu', params: { alpha: -2 } },
      undefined,
      'alpha',
      'alpha must be a number from -1 to 1, got -2',
    ],
    [
      'batch norm epsilon 1e-300 over a zero running variance',
      { id: 'bn', type: 'batchnorm', params: { epsilon: 1e-300 } },
      zeroVariance('bn'),
      'epsilon',
      'epsilon must be a number ≥ 1e-12, got 1e-300',
    ],
    [
      'layer norm epsilon 1e-300',
      { id: 'ln', type: 'layernorm', params: { epsilon: 1e-300 } },
      undefined,
      'epsilon',
      'epsilon must be a number ≥ 1e-12, got 1e-300',
    ],
  ] as const) {
    it(`${name} is refused, naming the node and the setting`, () => {
      const doc = withLayer(layer as NodeDoc, weights);
      const error = (() => {
        try {
          parseModel(doc);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).problems).toEqual([
        {
          nodeId: layer.id,
          field,
          message: `node "${layer.id}" (${layer.type}): ${says}`,
        },
      ]);
    });
  }

  // The bounds keep each layer's outputs finite on its own: |alpha| ≤ 1 never enlarges a value,
  // and epsilon ≥ 1e-12 scales a constant channel by at most 10⁶.
  for (const [name, layer, weights] of [
    ['leaky ReLU alpha 1', { id: 'lr', type: 'leakyrelu', params: { alpha: 1 } }, undefined],
    ['leaky ReLU alpha -1', { id: 'lr', type: 'leakyrelu', params: { alpha: -1 } }, undefined],
    [
      'batch norm epsilon 1e-12 over a zero running variance',
      { id: 'bn', type: 'batchnorm', params: { epsilon: 1e-12 } },
      zeroVariance('bn'),
    ],
    [
      'layer norm epsilon 1e-12',
      { id: 'ln', type: 'layernorm', params: { epsilon: 1e-12 } },
      undefined,
    ],
  ] as const) {
    it(`${name} is accepted and predicts finite values`, () => {
      const net = createNetwork(parseModel(withLayer(layer as NodeDoc, weights)));
      const out = net.predict(Float32Array.from([-3e30, 3e30, 1e30, 2e30]), 1);
      expect(out.every(Number.isFinite)).toBe(true);
    });
  }
});
