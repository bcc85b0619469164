// The layers the later architectures need, as worked examples with exact numbers: grouped and
// depthwise convolution (MobileNet's cost argument), ceil-mode pooling (GoogLeNet's, PyTorch's
// rules), ReLU6, SiLU and GELU, channels-first layer norm (ConvNeXt) and multiply
// (squeeze-and-excitation); and the shape errors each can raise.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  activate,
  createNetwork,
  ModelError,
  normalCdf,
  parseModel,
  summarize,
  type ModelDocument,
  type NodeDoc,
} from '../../src/engine/index';
import { expf, sigmoidf } from '../../src/engine/math/expf';
import { createReferenceKernels, type Kernels } from '../../src/engine/kernels';
import { loadKernels } from '../../src/engine/kernels/wasm';
import { windowOutputSize } from '../../src/engine/layers/window';
import { chain } from './models';

// The reference kernels, the oracle, unless a test says otherwise.
const reference = {
  get kernels() {
    return createReferenceKernels();
  },
};
let wasm: () => Kernels;
beforeAll(async () => {
  const provider = await loadKernels({ flavor: 'simd' });
  wasm = () => provider.create();
});

/** A graph from an input of `shape` through `layers`, wired by `edges` (a chain when omitted). */
function graph(
  shape: [number, number, number],
  layers: NodeDoc[],
  edges?: [string, string][],
): ModelDocument {
  const doc = chain(shape, layers);
  if (edges) doc.edges = edges.map(([from, to]) => ({ from, to }));
  return doc;
}

function summaryOf(doc: ModelDocument, id: string) {
  return summarize(parseModel(doc)).find((s) => s.id === id)!;
}

describe('grouped and depthwise convolution', () => {
  it('costs what MobileNet says: a depthwise-separable 3×3 is 1/9 + 1/64 of the dense one', () => {
    const dense = chain(
      [32, 14, 14],
      [{ id: 'c', type: 'conv2d', params: { filters: 64, kernelSize: 3, padding: 'same' } }],
    );
    const separable = chain(
      [32, 14, 14],
      [
        {
          id: 'dw',
          type: 'conv2d',
          params: { filters: 32, kernelSize: 3, padding: 'same', groups: 32 },
        },
        { id: 'pw', type: 'conv2d', params: { filters: 64, kernelSize: 1 } },
      ],
    );
    expect(summaryOf(dense, 'c')).toMatchObject({ params: 18_496, macs: 3_612_672 });
    expect(summaryOf(separable, 'dw')).toMatchObject({ params: 320, macs: 56_448 });
    expect(summaryOf(separable, 'pw')).toMatchObject({ params: 2_112, macs: 401_408 });
    expect((56_448 + 401_408) / 3_612_672).toBeCloseTo(1 / 9 + 1 / 64, 10);
  });

  it('keeps weights as [filters, C/groups, kh, kw], fan-in C/groups·kh·kw', () => {
    const doc = chain(
      [6, 5, 5],
      [{ id: 'g', type: 'conv2d', params: { filters: 4, kernelSize: [3, 2], groups: 2 } }],
    );
    const saved = createNetwork(parseModel(doc), reference).toJSON();
    expect(saved.weights!.g.weight.shape).toEqual([4, 3, 3, 2]);
    expect(summaryOf(doc, 'g').params).toBe(4 * 3 * 3 * 2 + 4);
  });

  it('is each group convolved on its own, concatenated (exactly on the reference kernels)', () => {
    // 4 channels in 2 groups, 6 filters: group k's 3 filters see channels 2k, 2k + 1.
    const grouped = chain(
      [4, 6, 5],
      [{ id: 'g', type: 'conv2d', params: { filters: 6, kernelSize: 3, padding: 1, groups: 2 } }],
    );
    const net = createNetwork(parseModel(grouped), { ...reference, seed: 3 });
    const weight = net.tensor('g', 'weight');
    const bias = net.tensor('g', 'bias');
    const x = Float32Array.from({ length: 2 * 4 * 30 }, (_, i) => Math.sin(i * 0.7));
    const whole = net.predict(x, 2);
    // The WebAssembly kernels sum in another order: equal to float32 rounding.
    const fast = createNetwork(parseModel(net.toJSON()), { kernels: wasm() }).predict(x, 2);
    fast.forEach((v, i) =>
      expect(Math.abs(v - whole[i])).toBeLessThan(1e-5 * (1 + Math.abs(whole[i]))),
    );
    for (let k = 0; k < 2; k++) {
      const single = chain(
        [2, 6, 5],
        [{ id: 'c', type: 'conv2d', params: { filters: 3, kernelSize: 3, padding: 1 } }],
      );
      const part = createNetwork(parseModel(single), reference);
      part.tensor('c', 'weight').set(weight.subarray(k * 54, (k + 1) * 54));
      part.tensor('c', 'bias').set(bias.subarray(k * 3, (k + 1) * 3));
      const input = new Float32Array(2 * 60);
      for (let n = 0; n < 2; n++)
        input.set(x.subarray(n * 120 + k * 60, n * 120 + k * 60 + 60), n * 60);
      const out = part.predict(input, 2);
      for (let n = 0; n < 2; n++) {
        expect(whole.subarray(n * 180 + k * 90, n * 180 + k * 90 + 90)).toEqual(
          out.subarray(n * 90, n * 90 + 90),
        );
      }
    }
  });

  it('refuses groups that do not divide the input channels, listing those that do', () => {
    const doc = chain(
      [6, 8, 8],
      [{ id: 'c1', type: 'conv2d', params: { filters: 12, kernelSize: 3, groups: 4 } }],
    );
    const message =
      'node "c1" (conv2d): groups 4 does not divide 6 input channels: use 1, 2, 3 or 6';
    expect(summaryOf(doc, 'c1').error).toBe(message.slice('node "c1" (conv2d): '.length));
    expect(() => createNetwork(parseModel(doc))).toThrow(ModelError);
    expect(() => createNetwork(parseModel(doc))).toThrow(message);
  });
});

describe('ceil-mode pooling, as PyTorch', () => {
  // [in, k, s, p] → [floor mode, ceil mode]
  const sizes: [number[], number, number][] = [
    [[7, 2, 2, 0], 3, 4],
    [[8, 3, 2, 0], 3, 4],
    [[6, 3, 2, 1], 3, 4],
    // Rounding up would add a window starting past the input and its left padding: dropped.
    [[5, 2, 2, 1], 3, 3],
    [[3, 2, 2, 1], 2, 2],
    // GoogLeNet's 3×3 stride-2 pools: 112 → 56 → 28 (floor mode gives 55 and 27).
    [[112, 3, 2, 0], 55, 56],
    [[56, 3, 2, 0], 27, 28],
  ];
  it.each(sizes)('out(%j) is %i in floor mode, %i with ceilMode', ([n, k, s, p], floor, ceil) => {
    expect(windowOutputSize(n, k, s, p, 1)).toBe(floor);
    expect(windowOutputSize(n, k, s, p, 1, true)).toBe(ceil);
  });

  it('divides a last average window by its cells inside the padded image', () => {
    // [[1,2,3],[4,5,6],[7,8,9]], 2×2 windows at stride 2 rounded up: the right and bottom windows
    // hang past the input and average what they cover.
    const doc = chain(
      [1, 3, 3],
      [{ id: 'p', type: 'avgpool2d', params: { poolSize: 2, ceilMode: true } }],
    );
    const out = createNetwork(parseModel(doc), reference).predict(
      Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
      1,
    );
    expect(Array.from(out)).toEqual([3, 4.5, 7.5, 9]);
  });

  it('counts padding but not what lies past it in a ceil-mode window', () => {
    // 4×4 of ones, 3×3 windows at stride 2 with padding 1: out 3×3 (floor: 2×2). The corner
    // window starts at 3 and covers 3, 4 (padding), 5 (past it): 1 real cell of 2×2 counted.
    const doc = chain(
      [1, 4, 4],
      [
        {
          id: 'p',
          type: 'avgpool2d',
          params: { poolSize: 3, stride: 2, padding: 1, ceilMode: true },
        },
      ],
    );
    const out = createNetwork(parseModel(doc), reference).predict(new Float32Array(16).fill(1), 1);
    expect(Array.from(out)).toEqual(
      [4 / 9, 6 / 9, 2 / 6, 6 / 9, 1, 3 / 6, 2 / 6, 3 / 6, 1 / 4].map(Math.fround),
    );
  });
});

describe('ReLU6, SiLU and GELU', () => {
  it('compute their definitions (GELU with the exact normal CDF)', () => {
    expect([-1, 0, 3, 6, 7.5].map((x) => activate('relu6', x, 0))).toEqual([0, 0, 3, 6, 6]);
    // SiLU in float32, as PyTorch computes it: within float32's precision of x/(1 + e⁻ˣ).
    expect(activate('silu', 2, 0)).toBeCloseTo(2 / (1 + Math.exp(-2)), 6);
    // x·Φ(x): Φ(1) = 0.841344746068543, Φ(−3) = 0.00134989803163010 (tables of the normal CDF).
    // In float32, as PyTorch computes it.
    expect(activate('gelu', 1, 0)).toBeCloseTo(0.841344746068543, 7);
    expect(activate('gelu', -3, 0)).toBeCloseTo(-3 * 0.0013498980316301, 8);
    // Not the tanh approximation, which gives 0.8411920 at 1.
    expect(Math.abs(activate('gelu', 1, 0) - 0.841192)).toBeGreaterThan(1e-4);
  });

  it('the float32 exp and sigmoid stay within a few ulps of double precision, and saturate cleanly', () => {
    const ulp = (v: number) => {
      const a = Math.abs(Math.fround(v));
      return a === 0 ? 2 ** -149 : Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(a)) - 23));
    };
    let worstExp = 0;
    let worstSigmoid = 0;
    for (let i = 0; i <= 20_000; i++) {
      const x = Math.fround(-87 + (174 * i) / 20_000);
      worstExp = Math.max(worstExp, Math.abs(expf(x) - Math.exp(x)) / ulp(Math.exp(x)));
      const s = 1 / (1 + Math.exp(-x));
      worstSigmoid = Math.max(worstSigmoid, Math.abs(sigmoidf(x) - s) / ulp(s));
    }
    expect(worstExp).toBeLessThanOrEqual(2);
    expect(worstSigmoid).toBeLessThanOrEqual(3);
    // Clamped at ±88.376: the largest value it gives is about 2.4·10³⁸, the smallest 0.
    expect([expf(0), expf(-100), sigmoidf(100)]).toEqual([1, 0, 1]);
    expect(expf(100)).toBe(expf(88.3762626647949));
    expect(expf(100)).toBeCloseTo(2.406e38, -35);
    expect(sigmoidf(-100)).toBeGreaterThanOrEqual(0);
    expect(sigmoidf(-100)).toBeLessThan(1e-38);
    expect(expf(NaN)).toBeNaN();
    expect(sigmoidf(NaN)).toBeNaN();
  });

  it('Φ keeps its relative accuracy across both tails (against Python’s math.erfc)', () => {
    // 0.5·erfc(−x/√2) from Python, each within an ulp or so of Φ(x).
    const table: [number, number][] = [
      [-8, 6.220960574271819e-16],
      [-5, 2.866515718791946e-7],
      [-3, 0.0013498980316300957],
      [-1.5, 0.06680720126885809],
      [-0.6, 0.2742531177500736],
      [-0.2, 0.420740290560897],
      [0, 0.5],
      [0.3, 0.6179114221889526],
      [1, 0.8413447460685429],
      [1.7, 0.955434537241457],
      [2.5, 0.9937903346742238],
      [4, 0.9999683287581669],
      [6, 0.9999999990134123],
    ];
    // Float32: within 1e-6 relative where x² ≤ 1 (a few ulps), and the exponent −x²/2 is rounded,
    // so the lower tail loses about x² times that: 3e-6 at −8, where Φ is 6e-16.
    for (const [x, phi] of table)
      expect(Math.abs(normalCdf(x) / phi - 1)).toBeLessThan(1e-6 * Math.max(1, x * x));
    // Φ(−13) ≈ 6e-39 is still a float32; Φ(−30) ≈ 5e-198 is not.
    expect(normalCdf(-13)).toBeGreaterThan(0);
    expect(normalCdf(-30)).toBe(0);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('run as layers and as conv2d and dense activations, the same values', () => {
    const x = Float32Array.from({ length: 2 * 3 * 4 * 4 }, (_, i) => Math.cos(i) * 4);
    for (const kind of ['relu6', 'silu', 'gelu']) {
      const layer = chain([3, 4, 4], [{ id: 'a', type: kind }]);
      const ours = createNetwork(parseModel(layer), reference).predict(x, 2);
      expect(Array.from(ours)).toEqual(
        Array.from(x, (v) => Math.fround(activate(kind as 'gelu', v, 0))),
      );
      const fused = chain(
        [3, 4, 4],
        [{ id: 'c', type: 'conv2d', params: { filters: 2, kernelSize: 1, activation: kind } }],
      );
      const plain = chain(
        [3, 4, 4],
        [
          { id: 'c', type: 'conv2d', params: { filters: 2, kernelSize: 1 } },
          { id: 'a', type: kind },
        ],
      );
      const one = createNetwork(parseModel(fused), { ...reference, seed: 4 }).predict(x, 2);
      const two = createNetwork(parseModel(plain), { ...reference, seed: 4 }).predict(x, 2);
      expect(one).toEqual(two);
    }
  });
});

describe('layer norm', () => {
  it("normalises each position's channels (ConvNeXt's channels-first form)", () => {
    // Two positions: channels [1, 2, 3] and [10, 10, 40]; mean 2 and 20, biased variance 2/3
    // and 200.
    const doc = chain([3, 1, 2], [{ id: 'ln', type: 'layernorm' }]);
    const out = createNetwork(parseModel(doc), reference).predict(
      Float32Array.of(1, 10, 2, 10, 3, 40),
      1,
    );
    const a = 1 / Math.sqrt(2 / 3 + 1e-5);
    const b = 1 / Math.sqrt(200 + 1e-5);
    expect(Array.from(out)).toEqual([-a, -10 * b, 0, -10 * b, a, 20 * b].map(Math.fround));
  });

  it('has gamma and beta [C] (2C parameters) and no running statistics', () => {
    const doc = chain([8, 4, 4], [{ id: 'ln', type: 'layernorm', params: { epsilon: 1e-6 } }]);
    expect(summaryOf(doc, 'ln').params).toBe(16);
    const saved = createNetwork(parseModel(doc), reference).toJSON();
    expect(Object.keys(saved.weights!.ln).sort()).toEqual(['beta', 'gamma']);
  });
});

describe('multiply', () => {
  const se = (vector: number): ModelDocument =>
    graph(
      [2, 1, 2],
      [
        { id: 'gap', type: 'globalavgpool' },
        { id: 'ex', type: 'dense', params: { units: vector, useBias: false } },
        { id: 'm', type: 'multiply' },
      ],
      [
        ['in', 'gap'],
        ['gap', 'ex'],
        ['in', 'm'],
        ['ex', 'm'],
      ],
    );

  it("scales an image's channel c by a vector's value c (squeeze-and-excitation)", () => {
    const net = createNetwork(parseModel(se(2)), reference);
    // ex = identity on the pooled means, so channel c is scaled by its own mean.
    net.tensor('ex', 'weight').set([1, 0, 0, 1]);
    const out = net.predict(Float32Array.of(1, 3, 4, 6), 1);
    expect(Array.from(out)).toEqual([2, 6, 20, 30]);
  });

  it('multiplies inputs of one shape element by element', () => {
    const doc = graph(
      [1, 2, 2],
      [
        { id: 'a', type: 'relu' },
        { id: 'b', type: 'sigmoid' },
        { id: 'm', type: 'multiply' },
      ],
      [
        ['in', 'a'],
        ['in', 'b'],
        ['a', 'm'],
        ['b', 'm'],
      ],
    );
    const x = Float32Array.of(-1, 0, 1, 2);
    const out = createNetwork(parseModel(doc), reference).predict(x, 1);
    expect(Array.from(out)).toEqual(
      Array.from(x, (v) => Math.fround(Math.fround(Math.max(v, 0)) * sigmoidf(v))),
    );
  });

  it('sees the whole input through its gate', () => {
    expect(summaryOf(se(2), 'm').receptiveField).toEqual({ size: [1, 2], jump: [1, 2] });
  });

  it('refuses shapes that are neither one shape nor an image and vectors [C]', () => {
    const message =
      'node "m" (multiply): multiply needs inputs of one shape, or one image [C, H, W] and vectors [C], but "in" gives 2×1×2, "ex" gives 3';
    expect(() => createNetwork(parseModel(se(3)))).toThrow(ModelError);
    expect(() => createNetwork(parseModel(se(3)))).toThrow(message);
    expect(summaryOf(se(3), 'm').outputShape).toBeNull();
  });
});

describe('documents written before these layers', () => {
  it('mean what they meant: groups 1, floor-mode pooling', () => {
    const old = chain(
      [3, 7, 7],
      [
        { id: 'c', type: 'conv2d', params: { filters: 4, kernelSize: 3 } },
        { id: 'p', type: 'maxpool2d', params: { poolSize: 2 } },
      ],
    );
    const spec = parseModel(old);
    expect(summarize(spec).map((s) => s.outputShape)).toEqual([
      [3, 7, 7],
      [4, 5, 5],
      [4, 2, 2],
    ]);
    expect(createNetwork(spec, reference).toJSON().weights!.c.weight.shape).toEqual([4, 3, 3, 3]);
  });
});
