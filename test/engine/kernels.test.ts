// Every WebAssembly kernel against the TypeScript reference, on both builds (relaxed-SIMD FMA and
// plain SIMD) and on one and two threads: GEMM in its three forms on sizes around the tiles
// (1, 3, 7, 13, 65, 129 and the block edges), convolution and pooling on random geometries,
// elementwise kernels. Operands either live in the kernels' memory (used in place) or elsewhere
// (copied in and out). Two threads must give exactly the bits of one.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createReferenceKernels,
  type Kernels,
  type WindowGeometry,
} from '../../src/engine/kernels';
import { Random } from '../../src/engine/random';
import { FLAVORS, kernelsOf } from './kernels-flavors';

type Form = 'gemmNN' | 'gemmTN' | 'gemmNT';

const SIZES = [1, 3, 7, 13, 65, 129];
// Edges of the blocking: K past one KC slice (256), M past one MC block (80), N past one NC
// block (512), and A·Bᵀ on both sides of the dot-product path's row limit (16).
const BLOCK_EDGES: [number, number, number][] = [
  [81, 513, 257],
  [256, 256, 256],
  [16, 40, 300],
  [17, 40, 300],
  [6, 784, 25],
  [150, 100, 16],
];
const GEMM_SHAPES: [number, number, number][] = [
  ...SIZES.flatMap((m, i) =>
    SIZES.map((n, j): [number, number, number] => [m, n, SIZES[(i + 2 * j) % 6]]),
  ),
  ...BLOCK_EDGES,
];

/** Values in [-1, 1), in the kernels' memory or an ordinary array, after `pad` leading values. */
function filled(random: Random, n: number, pad: number, make: (n: number) => Float32Array) {
  const a = make(pad + n);
  for (let i = 0; i < a.length; i++) a[i] = random.float() * 2 - 1;
  return a;
}

const abs = (a: Float32Array) => a.map(Math.abs);

/**
 * The largest |fast − reference| / scale, where scale is what float32 rounding error grows with:
 * the same computation on absolute values (Σ|a·b| for a product, plus |c| when accumulating).
 */
function scaledError(fast: Float32Array, ref: Float32Array, scale: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(fast[i] - ref[i]);
    worst = Math.max(worst, d === 0 ? 0 : d / Math.max(scale[i], 1e-30));
  }
  return worst;
}

interface GemmCase {
  form: Form;
  shape: [number, number, number];
  off: number;
  accumulate: boolean;
  inPlace: boolean;
}

function gemmCases(): GemmCase[] {
  return (['gemmNN', 'gemmTN', 'gemmNT'] as const).flatMap((form) =>
    GEMM_SHAPES.map((shape, i) => ({
      form,
      shape,
      off: i % 5, // element offsets, so nothing relies on aligned starts
      accumulate: i % 3 === 0,
      inPlace: i % 2 === 0,
    })),
  );
}

/** C after the product on `kernels`, from inputs seeded by the case. */
function runGemm(kernels: Kernels, c: GemmCase, seed: number) {
  const [m, n, k] = c.shape;
  const random = new Random(seed);
  const make = c.inPlace
    ? (len: number) => kernels.newFloat32(len)
    : (len: number) => new Float32Array(len);
  const a = filled(random, m * k, c.off, make);
  const b = filled(random, k * n, c.off, make);
  const c0 = filled(random, m * n, c.off, (len) => new Float32Array(len));
  const out = make(c0.length);
  out.set(c0);
  kernels[c.form](m, n, k, a, c.off, b, c.off, out, c.off, c.accumulate);
  return { a, b, c0, out: out.slice() };
}

function outSize(size: number, kernel: number, stride: number, pad: number, dilation: number) {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Random windows over small images, including 1-pixel images and kernels wider than the image. */
function geometries(pooling: boolean): WindowGeometry[] {
  const random = new Random(pooling ? 3 : 4);
  const out: WindowGeometry[] = [];
  while (out.length < 40) {
    const pick = (values: number[]) => values[random.int(values.length)];
    const [height, width] = [pick([1, 3, 7, 13]), pick([1, 3, 7, 13])];
    const [kernelH, kernelW] = [pick([1, 2, 3, 5]), pick([1, 2, 3, 5])];
    const [strideH, strideW] = [pick([1, 1, 2, 3]), pick([1, 1, 2, 3])];
    const padH = random.int(Math.floor(kernelH / 2) + 1);
    const padW = random.int(Math.floor(kernelW / 2) + 1);
    const [dilationH, dilationW] = pooling ? [1, 1] : [pick([1, 1, 2]), pick([1, 1, 2])];
    const outH = outSize(height, kernelH, strideH, padH, dilationH);
    const outW = outSize(width, kernelW, strideW, padW, dilationW);
    if (outH < 1 || outW < 1) continue;
    const channels = pick([1, 2, 3]);
    out.push({
      channels,
      height,
      width,
      kernelH,
      kernelW,
      strideH,
      strideW,
      padH,
      padW,
      dilationH,
      dilationW,
      outH,
      outW,
    });
  }
  // LeNet-5's convolutions and pools, and pools over odd sizes (a ragged last window).
  const square = (
    channels: number,
    size: number,
    k: number,
    s: number,
    p: number,
  ): WindowGeometry => ({
    channels,
    height: size,
    width: size,
    kernelH: k,
    kernelW: k,
    strideH: s,
    strideW: s,
    padH: p,
    padW: p,
    dilationH: 1,
    dilationW: 1,
    outH: outSize(size, k, s, p, 1),
    outW: outSize(size, k, s, p, 1),
  });
  if (pooling)
    out.push(
      square(6, 28, 2, 2, 0),
      square(16, 10, 2, 2, 0),
      square(3, 13, 2, 2, 0),
      square(2, 9, 2, 2, 0),
      // Ceil mode: a last window half past the input (7 → 4) and one into the padding (6 → 4).
      { ...square(2, 7, 2, 2, 0), outH: 4, outW: 4 },
      { ...square(3, 6, 3, 2, 1), outH: 4, outW: 4 },
      // Four windows at a time inside the image, one at a time at its borders: Inception's
      // ceil-mode 3×3 at stride 2 (28 → 14) and its module's 3×3 at stride 1, padded.
      { ...square(4, 28, 3, 2, 0), outH: 14, outW: 14 },
      square(3, 14, 3, 1, 1),
      square(2, 20, 3, 2, 1),
    );
  else out.push(square(1, 28, 5, 1, 2), square(6, 14, 5, 1, 0));
  return out;
}

const name = (g: WindowGeometry) =>
  `[${g.channels},${g.height},${g.width}] k${g.kernelH}×${g.kernelW} s${g.strideH},${g.strideW} p${g.padH},${g.padW} d${g.dilationH},${g.dilationW}`;

interface ConvCase {
  g: WindowGeometry;
  filters: number;
  groups: number;
  batch: number;
  bias: boolean;
  dx: boolean;
}

/** A window over [channels, size, size] with kernel k, stride s, padding p. */
function squareWindow(channels: number, size: number, k: number, s: number, p: number) {
  const out = outSize(size, k, s, p, 1);
  return {
    channels,
    height: size,
    width: size,
    kernelH: k,
    kernelW: k,
    strideH: s,
    strideW: s,
    padH: p,
    padW: p,
    dilationH: 1,
    dilationW: 1,
    outH: out,
    outW: out,
  };
}

function convCases(): ConvCase[] {
  // 17 filters take the packed A·Bᵀ path for the weight gradient, fewer the dot products.
  const dense = geometries(false).map((g, i) => ({
    g,
    filters: [1, 4, 6, 17][i % 4],
    groups: 1,
    batch: [1, 3, 5][i % 3],
    bias: i % 2 === 0,
    dx: i % 5 !== 0,
  }));
  // Grouped: two groups of three channels, four of one (depthwise, multiplier 2), depthwise.
  const grouped = [
    { g: squareWindow(6, 9, 3, 1, 1), filters: 4, groups: 2 },
    { g: squareWindow(8, 7, 3, 1, 1), filters: 8, groups: 8 },
    { g: squareWindow(4, 11, 5, 1, 2), filters: 8, groups: 4 },
    { g: squareWindow(6, 13, 3, 2, 1), filters: 6, groups: 6 },
    // The direct depthwise kernel's paths: 7×7 with a multiplier of 2, stride 3 (no vectors),
    // dilation 2, and 5×5 at stride 2 over an even width.
    { g: { ...squareWindow(4, 9, 7, 1, 3), width: 10, outW: 10 }, filters: 8, groups: 4 },
    { g: squareWindow(3, 11, 3, 3, 1), filters: 3, groups: 3 },
    {
      g: { ...squareWindow(2, 9, 3, 1, 2), dilationH: 2, dilationW: 2, outH: 9, outW: 9 },
      filters: 4,
      groups: 2,
    },
    { g: squareWindow(5, 14, 5, 2, 2), filters: 5, groups: 5 },
    // Stride 1's gathered input gradient: a 3×5 kernel padded (0, 2) over 10×13, and ConvNeXt's
    // 7×7 padded 3 over 9×6, each weight's row of accumulators.
    {
      g: {
        ...squareWindow(3, 10, 3, 1, 0),
        width: 13,
        kernelW: 5,
        padW: 2,
        outW: 13,
      },
      filters: 3,
      groups: 3,
    },
    {
      g: { ...squareWindow(4, 9, 7, 1, 3), width: 6, outW: 6 },
      filters: 4,
      groups: 4,
    },
    // The written-out 3×3 planes: rows in pairs over an even height, stride 2 unpadded (dy spread
    // into D, the input's last column reached by no window) with a multiplier of 2, columns
    // dilated while rows pair; and a 5×5 row by row, unpadded at stride 2.
    { g: { ...squareWindow(4, 10, 3, 1, 1), width: 12, outW: 12 }, filters: 4, groups: 4 },
    { g: squareWindow(3, 12, 3, 2, 0), filters: 6, groups: 3 },
    { g: { ...squareWindow(2, 9, 3, 1, 1), dilationW: 2, outW: 7 }, filters: 2, groups: 2 },
    { g: squareWindow(2, 12, 5, 2, 0), filters: 2, groups: 2 },
    // A kernel row at a time for the wider kernels, dilated, and 7×7 at stride 2.
    {
      g: { ...squareWindow(2, 13, 5, 1, 4), dilationH: 2, dilationW: 2 },
      filters: 2,
      groups: 2,
    },
    { g: squareWindow(2, 13, 7, 2, 3), filters: 2, groups: 2 },
    // The generic kernel's vectors: 3×1 at strides 1 and 2, 1×1 and 2×2, and 9×9, whose width
    // takes an accumulator a weight.
    { g: { ...squareWindow(3, 9, 3, 1, 1), kernelW: 1, padW: 0 }, filters: 3, groups: 3 },
    { g: { ...squareWindow(3, 9, 3, 2, 1), kernelW: 1, padW: 0, outW: 5 }, filters: 3, groups: 3 },
    { g: squareWindow(4, 8, 1, 2, 0), filters: 4, groups: 4 },
    { g: squareWindow(2, 6, 2, 1, 0), filters: 4, groups: 2 },
    { g: squareWindow(2, 11, 9, 1, 4), filters: 2, groups: 2 },
  ].map((c, i) => ({ ...c, batch: [3, 2, 5][i % 3], bias: i % 2 === 0, dx: i !== 2 && i !== 7 }));
  return [...dense, ...grouped];
}

/** Forward and backward of one case; `map` turns inputs into absolute values for the scale. */
function runConv(kernels: Kernels, c: ConvCase, map: (a: Float32Array) => Float32Array = (a) => a) {
  const { g, filters, groups, batch } = c;
  const rows = (g.channels / groups) * g.kernelH * g.kernelW;
  const positions = g.outH * g.outW;
  const random = new Random(filters * 7 + batch);
  const inMemory = (len: number) => kernels.newFloat32(len);
  const x = map(filled(random, batch * g.channels * g.height * g.width, 0, inMemory));
  const weight = map(filled(random, filters * rows, 0, (len) => new Float32Array(len)));
  const bias = c.bias ? map(filled(random, filters, 0, inMemory)) : null;
  const y = kernels.newFloat32(batch * filters * positions);
  kernels.conv2dForward(g, filters, groups, batch, x, weight, bias, y);
  const dy = map(filled(random, y.length, 0, inMemory));
  const dWeight = map(filled(random, weight.length, 0, inMemory));
  const dBias = bias ? map(filled(random, filters, 0, (len) => new Float32Array(len))) : null;
  const dx = c.dx ? map(filled(random, x.length, 0, inMemory)) : null;
  kernels.conv2dBackward(g, filters, groups, batch, x, dy, weight, dWeight, dBias, dx);
  return {
    y: y.slice(),
    dWeight: dWeight.slice(),
    dBias: dBias?.slice(),
    dx: dx?.slice(),
  };
}

function runPools(kernels: Kernels, g: WindowGeometry, batch: number) {
  const random = new Random(6);
  const image = g.channels * g.height * g.width;
  const count = g.channels * g.outH * g.outW;
  const x = filled(random, batch * image, 0, (n) => kernels.newFloat32(n));
  x[image >> 1] = NaN; // taken as the maximum, as PyTorch propagates it
  const y = kernels.newFloat32(batch * count);
  const argmax = new Int32Array(batch * count);
  kernels.maxPool(g, batch, x, y, argmax);
  const maxY = y.slice();
  const dy = filled(random, batch * count, 0, (n) => kernels.newFloat32(n));
  const dx = filled(random, batch * image, 0, (n) => new Float32Array(n));
  kernels.maxPoolBackward(g, batch, dy, argmax, dx);
  const maxDx = dx.slice();
  kernels.avgPool(g, batch, x, y);
  kernels.avgPoolBackward(g, batch, dy, dx);
  return { maxY, argmax, maxDx, avgY: y.slice(), avgDx: dx };
}

/** Optimizer sizes: a tail only, one split between threads, and arrays outside the kernels' memory. */
const OPTIMIZER_CASES = [
  [7, true],
  [300_001, true],
  [1_001, false],
] as const;

/** Makes arrays in the kernels' memory (used in place) or ordinary ones (copied in and out). */
const arrays = (kernels: Kernels, inPlace: boolean) =>
  inPlace ? (n: number) => kernels.newFloat32(n) : (n: number) => new Float32Array(n);

const reference = createReferenceKernels();

const CONFIGS = FLAVORS.flatMap((flavor) => [1, 2].map((threads) => ({ flavor, threads })));

describe.each(CONFIGS)(
  '$flavor kernels, $threads thread(s), equal the reference',
  ({ flavor, threads }) => {
    let fast: Kernels;
    beforeAll(async () => {
      fast = await (await kernelsOf(flavor, threads))();
    });

    it(`GEMM: relative error ≤ 1e-5 on ${GEMM_SHAPES.length} shapes × 3 forms, in place and copied, = and +=`, () => {
      gemmCases().forEach((c, i) => {
        const { a, b, c0, out } = runGemm(fast, c, i);
        const [m, n, k] = c.shape;
        const ref = c0.slice();
        reference[c.form](m, n, k, a, c.off, b, c.off, ref, c.off, c.accumulate);
        const scale = abs(c0);
        if (!c.accumulate) scale.fill(0);
        reference[c.form](m, n, k, abs(a), c.off, abs(b), c.off, scale, c.off, true);
        const what = `${c.form} m=${m} n=${n} k=${k}${c.accumulate ? ' +=' : ''}`;
        expect(scaledError(out, ref, scale), what).toBeLessThanOrEqual(1e-5);
        expect(out.subarray(0, c.off), 'nothing before C is written').toEqual(
          c0.subarray(0, c.off),
        );
      });
    });

    it('GEMM propagates 0·∞ = NaN in every form, as the reference does', () => {
      for (const form of ['gemmNN', 'gemmTN', 'gemmNT'] as const) {
        for (const kernels of [fast, reference]) {
          // A = 0 (2×2), B(1, 0) = ∞ and the rest 1: column 0 of C is 0·∞ = NaN, column 1 is 0.
          const a = new Float32Array(4);
          const b = new Float32Array(4).fill(1);
          b[form === 'gemmNT' ? 1 : 2] = Infinity;
          const c = new Float32Array(4);
          kernels[form](2, 2, 2, a, 0, b, 0, c, 0, false);
          expect([...c], `${kernels.name} ${form}`).toEqual([NaN, 0, NaN, 0]);
        }
      }
    });

    it('GEMM with k = 0 zeroes C, or leaves it when accumulating', () => {
      const c = new Float32Array([1, 2, 3, 4]);
      fast.gemmNN(2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, c, 0, true);
      expect([...c]).toEqual([1, 2, 3, 4]);
      fast.gemmNT(2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, c, 0, false);
      expect([...c]).toEqual([0, 0, 0, 0]);
    });

    it.each(
      convCases().map((c) => [`${name(c.g)} F${c.filters} G${c.groups} N${c.batch}`, c] as const),
    )('conv2d %s: outputs and gradients to 1e-5', (_, c) => {
      const got = runConv(fast, c);
      const ref = runConv(reference, c);
      const scale = runConv(reference, c, abs);
      expect(scaledError(got.y, ref.y, scale.y), 'y').toBeLessThanOrEqual(1e-5);
      expect(scaledError(got.dWeight, ref.dWeight, scale.dWeight), 'dWeight').toBeLessThanOrEqual(
        1e-5,
      );
      if (c.bias)
        expect(scaledError(got.dBias!, ref.dBias!, scale.dBias!), 'dBias').toBeLessThanOrEqual(
          1e-5,
        );
      if (c.dx) expect(scaledError(got.dx!, ref.dx!, scale.dx!), 'dx').toBeLessThanOrEqual(1e-5);
    });

    it.each(geometries(true).map((g) => [name(g), g] as const))(
      'pooling %s, bit for bit',
      (_, g) => {
        expect(runPools(fast, g, 3)).toEqual(runPools(reference, g, 3));
      },
    );

    it('after release (helper threads ended) every call still runs, to the same bits', async () => {
      const own = await (await kernelsOf(flavor, threads))();
      const c: GemmCase = {
        form: 'gemmNN',
        shape: [129, 257, 65],
        off: 0,
        accumulate: false,
        inPlace: true,
      };
      const before = runGemm(own, c, 1).out;
      own.release?.();
      expect(runGemm(own, c, 1).out).toEqual(before);
    });

    it.each([
      ['plain', { momentum: 0, weightDecay: 0, nesterov: false }],
      ['momentum, weight decay', { momentum: 0.9, weightDecay: 1e-3, nesterov: false }],
      ['nesterov', { momentum: 0.9, weightDecay: 0, nesterov: true }],
    ] as const)('SGD steps (%s), bit for bit, in place and copied', (_, settings) => {
      for (const [n, inPlace] of OPTIMIZER_CASES) {
        const run = (kernels: Kernels) => {
          const random = new Random(n);
          const make = arrays(kernels, inPlace);
          const [p, velocity] = [filled(random, n, 0, make), make(n)];
          for (let step = 0; step < 3; step++) {
            const g = filled(random, n, 0, make);
            kernels.sgdUpdate(n, p, g, velocity, {
              ...settings,
              learningRate: 0.05,
              first: step === 0,
            });
          }
          return [p.slice(), velocity.slice()];
        };
        expect(run(fast)).toEqual(run(reference));
      }
    });

    it.each([
      ['Adam, L2', { l2: 1e-2, shrink: 1 }],
      ['AdamW', { l2: 0, shrink: 1 - 1e-3 * 0.01 }],
    ] as const)('%s steps, bit for bit, in place and copied', (_, decay) => {
      for (const [n, inPlace] of OPTIMIZER_CASES) {
        const run = (kernels: Kernels) => {
          const random = new Random(n + 1);
          const make = arrays(kernels, inPlace);
          const [p, m, v] = [filled(random, n, 0, make), make(n), make(n)];
          for (let step = 1; step <= 3; step++) {
            const g = filled(random, n, 0, make);
            kernels.adamUpdate(n, p, g, m, v, {
              ...decay,
              beta1: 0.9,
              beta2: 0.999,
              stepSize: 1e-3 / (1 - 0.9 ** step),
              correction2: Math.sqrt(1 - 0.999 ** step),
              epsilon: 1e-8,
            });
          }
          return [p.slice(), m.slice(), v.slice()];
        };
        expect(run(fast)).toEqual(run(reference));
      }
    });

    it.each([
      ['images', 6, 7 * 5, 3],
      ['images of whole vectors', 3, 4 * 4, 2],
      ['images one past a vector', 4, 3 * 3, 3],
      ['images two past a vector', 5, 2 * 3, 2],
      ['vectors', 37, 1, 9],
      ['one value a channel', 4, 1, 1],
    ] as const)(
      'batch norm of %s, training and inference, bit for bit, in place and copied',
      (_, channels, spatial, batch) => {
        for (const inPlace of [true, false]) {
          const run = (kernels: Kernels) => {
            const random = new Random(channels * 31 + spatial);
            const make = arrays(kernels, inPlace);
            const n = batch * channels * spatial;
            const [gamma, beta] = [
              filled(random, channels, 0, make),
              filled(random, channels, 0, make),
            ];
            const [runningMean, runningVar] = [make(channels), make(channels).fill(1)];
            const [dGamma, dBeta] = [
              filled(random, channels, 0, make),
              filled(random, channels, 0, make),
            ];
            const invStd = inPlace ? kernels.newFloat64(channels) : new Float64Array(channels);
            const outputs: Float32Array[] = [];
            for (const training of [true, true, false]) {
              const s = { channels, spatial, batch, training, momentum: 0.1, epsilon: 1e-5 };
              const [x, dy, dx] = [0, 0, 0].map(() => filled(random, n, 0, make));
              const [y, xHat] = [make(n), make(n)];
              kernels.batchnormForward(s, x, y, xHat, gamma, beta, runningMean, runningVar, invStd);
              kernels.batchnormBackward(s, dy, xHat, gamma, invStd, dGamma, dBeta, dx);
              outputs.push(y.slice(), xHat.slice(), dx.slice());
            }
            return [
              ...outputs,
              runningMean.slice(),
              runningVar.slice(),
              dGamma.slice(),
              dBeta.slice(),
              invStd.slice(),
            ];
          };
          expect(run(fast)).toEqual(run(reference));
        }
      },
    );

    it('zero clears the first n values, in place and copied', () => {
      for (const make of [(n: number) => fast.newFloat32(n), (n: number) => new Float32Array(n)]) {
        for (const n of [1, 7, 129, 300_001]) {
          const x = make(n + 3).fill(2);
          fast.zero(x, n);
          expect(x.subarray(0, n).every((v) => v === 0)).toBe(true);
          expect([...x.subarray(n)]).toEqual([2, 2, 2]);
        }
      }
    });

    it.each(['relu', 'leakyrelu', 'relu6', 'tanh', 'sigmoid', 'silu', 'gelu'] as const)(
      '%s forward and backward, bit for bit',
      (kind) => {
        for (const n of [1, 3, 7, 13, 65, 129, 100_003]) {
          const random = new Random(n);
          const x = filled(random, n, 0, (len) => fast.newFloat32(len));
          x[0] = NaN;
          x[Math.min(1, n - 1)] = -0;
          // Past the float32 exp's clamps, and at them.
          if (n > 5) [x[2], x[3], x[4], x[5]] = [95, -95, 88.5, -88.3];
          const [y, yRef] = [new Float32Array(n), new Float32Array(n)];
          fast.activation(kind, 0.03, n, x, y);
          reference.activation(kind, 0.03, n, x, yRef);
          expect(y).toEqual(yRef);
          const dy = filled(random, n, 0, (len) => fast.newFloat32(len));
          const dx = filled(random, n, 0, (len) => new Float32Array(len));
          const dxRef = dx.slice();
          fast.activationBackward(kind, 0.03, n, x, y, dy, dx);
          reference.activationBackward(kind, 0.03, n, x, yRef, dy, dxRef);
          expect(dx).toEqual(dxRef);
        }
      },
    );
  },
);

describe.each(FLAVORS)('%s kernels: two threads give the bits of one', (flavor) => {
  let one: Kernels;
  let two: Kernels;
  beforeAll(async () => {
    one = await (await kernelsOf(flavor, 1))();
    two = await (await kernelsOf(flavor, 2))();
  });

  it('GEMM', () => {
    gemmCases().forEach((c, i) => expect(runGemm(two, c, i)).toEqual(runGemm(one, c, i)));
  });

  it('convolution, forward and backward', () => {
    for (const c of convCases()) expect(runConv(two, c)).toEqual(runConv(one, c));
  });
});
