import { describe, expect, it } from 'vitest';
import { createNetwork, parseModel, summarize } from '../../src/engine/index';
import { windowOutputSize } from '../../src/engine/layers/window';
import { chain, lenet5 } from './models';

// The textbook's worked examples (shared/seeds), as exact checks.

describe('seed 000: the 5×5 input and the 3×3 vertical-edge kernel', () => {
  it('gives the hand-computed 3×3 map', () => {
    const doc = chain(
      [1, 5, 5],
      [{ type: 'conv2d', params: { filters: 1, kernelSize: 3, useBias: false } }],
      {
        weights: { l1: { weight: { shape: [1, 1, 3, 3], data: [1, 0, -1, 1, 0, -1, 1, 0, -1] } } },
      },
    );
    const x = Float32Array.from([
      1, 0, 2, 1, 0, 0, 1, 1, 0, 2, 2, 0, 0, 1, 1, 1, 1, 2, 0, 0, 0, 2, 1, 1, 1,
    ]);
    const y = createNetwork(parseModel(doc)).predict(x, 1);
    expect(Array.from(y)).toEqual([0, -1, 0, 0, 1, 0, 0, 1, 1]);
  });

  it('is cross-correlation: the kernel is not flipped', () => {
    const doc = chain(
      [1, 3, 3],
      [{ type: 'conv2d', params: { filters: 1, kernelSize: 3, useBias: false } }],
      {
        weights: { l1: { weight: { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] } } },
      },
    );
    const y = createNetwork(parseModel(doc)).predict(
      Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]),
      1,
    );
    expect(Array.from(y)).toEqual([1]);
  });
});

describe('output-size formula out = floor((in + 2p − d(k − 1) − 1) / s) + 1', () => {
  const table: [string, number, number, number, number, number][] = [
    ['28, k5', 28, 5, 0, 1, 24],
    ['28, k5, p2', 28, 5, 2, 1, 28],
    ['28, k5, s2', 28, 5, 0, 2, 12],
    ['32, k3, p1, s2', 32, 3, 1, 2, 16],
    ['224, k7, p3, s2 (ResNet)', 224, 7, 3, 2, 112],
    ['224, k11, p2, s4 (AlexNet)', 224, 11, 2, 4, 55],
  ];
  for (const [name, size, k, p, s, out] of table) {
    it(`${name} → ${out}`, () => {
      expect(windowOutputSize(size, k, s, p, 1)).toBe(out);
      const doc = chain(
        [1, size, size],
        [{ type: 'conv2d', params: { filters: 1, kernelSize: k, padding: p, stride: s } }],
      );
      expect(summarize(parseModel(doc))[1].outputShape).toEqual([1, out, out]);
    });
  }

  it('"same" keeps the size at stride 1, with dilation too', () => {
    const doc = chain(
      [1, 13, 9],
      [
        { type: 'conv2d', params: { filters: 2, kernelSize: [5, 3], padding: 'same' } },
        { type: 'conv2d', params: { filters: 2, kernelSize: 3, dilation: 2, padding: 'same' } },
      ],
    );
    const s = summarize(parseModel(doc));
    expect(s[1].outputShape).toEqual([2, 13, 9]);
    expect(s[2].outputShape).toEqual([2, 13, 9]);
  });
});

describe('parameter counts', () => {
  it('3 → 64 channels with 3×3 kernels: 1,792', () => {
    const doc = chain([3, 32, 32], [{ type: 'conv2d', params: { filters: 64, kernelSize: 3 } }]);
    expect(summarize(parseModel(doc))[1].params).toBe(1792);
  });

  it('Conv2D(1 → 4, 3×3) on 8×8: 40 parameters and output (2, 4, 6, 6)', () => {
    const doc = chain([1, 8, 8], [{ type: 'conv2d', params: { filters: 4, kernelSize: 3 } }]);
    const spec = parseModel(doc);
    expect(summarize(spec)[1].params).toBe(40);
    expect(createNetwork(spec).predict(new Float32Array(2 * 64), 2).length).toBe(2 * 4 * 6 * 6);
    expect(summarize(spec)[1].outputShape).toEqual([4, 6, 6]);
  });

  it('LeNet-5: 61,706 parameters and 416,520 MACs', () => {
    const s = summarize(parseModel(lenet5()));
    expect(s.reduce((a, l) => a + l.params, 0)).toBe(61706);
    expect(s.map((l) => l.params)).toEqual([0, 156, 0, 2416, 0, 0, 48120, 10164, 850]);
    expect(s.reduce((a, l) => a + l.macs, 0)).toBe(117600 + 240000 + 48000 + 10080 + 840);
  });

  it('batchnorm counts 2C; its running statistics are not parameters', () => {
    const doc = chain([5, 4, 4], [{ type: 'batchnorm' }]);
    expect(summarize(parseModel(doc))[1].params).toBe(10);
  });
});

describe('receptive field', () => {
  it('two stacked 3×3 convolutions see 5×5', () => {
    const doc = chain(
      [1, 9, 9],
      [
        { type: 'conv2d', params: { filters: 1, kernelSize: 3 } },
        { type: 'conv2d', params: { filters: 1, kernelSize: 3 } },
      ],
    );
    expect(summarize(parseModel(doc))[2].receptiveField).toEqual({ size: [5, 5], jump: [1, 1] });
  });

  it('grows by (k − 1)·jump after a stride-2 pool', () => {
    const doc = chain(
      [1, 16, 16],
      [
        { type: 'conv2d', params: { filters: 1, kernelSize: 3 } },
        { type: 'maxpool2d', params: { poolSize: 2 } },
        { type: 'conv2d', params: { filters: 1, kernelSize: 3 } },
      ],
    );
    expect(summarize(parseModel(doc)).map((l) => l.receptiveField?.size[0])).toEqual([1, 3, 4, 8]);
  });
});

describe('translation equivariance', () => {
  it('shifting the input shifts the feature map by the same amount, away from borders', () => {
    const doc = chain(
      [1, 12, 12],
      [{ type: 'conv2d', params: { filters: 3, kernelSize: 3, activation: 'relu' } }],
    );
    const net = createNetwork(parseModel(doc), { seed: 3 });
    const x = new Float32Array(144);
    const shifted = new Float32Array(144);
    for (let i = 3; i < 7; i++) for (let j = 2; j < 6; j++) x[i * 12 + j] = (i * 7 + j * 3) % 5;
    const [dy, dx] = [2, 3];
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++)
        if (i + dy < 12 && j + dx < 12) shifted[(i + dy) * 12 + j + dx] = x[i * 12 + j];
    const a = net.predict(x, 1);
    const b = net.predict(shifted, 1);
    for (let f = 0; f < 3; f++) {
      for (let i = 0; i + dy < 10; i++) {
        for (let j = 0; j + dx < 10; j++)
          expect(b[f * 100 + (i + dy) * 10 + j + dx]).toBe(a[f * 100 + i * 10 + j]);
      }
    }
  });
});
