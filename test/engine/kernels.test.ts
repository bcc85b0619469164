// Every WebAssembly kernel against the TypeScript reference, on both builds (relaxed-SIMD FMA and
// plain SIMD): GEMM in its three forms on sizes around the tiles (1, 3, 7, 13, 65, 129 and the
// block edges), window kernels on random geometries, elementwise kernels. Operands either live in
// the kernels' memory (used in place) or elsewhere (copied in and out).
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceKernels, type Kernels, type WindowGeometry } from '../../src/engine/kernels';
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

/** Values in [-1, 1), in the kernels' memory or an ordinary array, after `pad` leading values. */
function filled(random: Random, n: number, pad: number, make: (n: number) => Float32Array) {
  const a = make(pad + n);
  for (let i = 0; i < a.length; i++) a[i] = random.float() * 2 - 1;
  return a;
}

/**
 * The largest |fast − reference| over the scale float32 rounding grows with, Σ|a·b| (+ |c| when
 * accumulating): a sum's rounding error is bounded relative to that, not to the sum itself.
 */
function gemmError(
  form: Form,
  [m, n, k]: [number, number, number],
  a: Float32Array,
  b: Float32Array,
  c0: Float32Array,
  fast: Float32Array,
  ref: Float32Array,
  off: number,
  accumulate: boolean,
): number {
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let scale = accumulate ? Math.abs(c0[off + i * n + j]) : 0;
      for (let p = 0; p < k; p++) {
        const av = form === 'gemmTN' ? a[off + p * m + i] : a[off + i * k + p];
        const bv = form === 'gemmNT' ? b[off + j * k + p] : b[off + p * n + j];
        scale += Math.abs(av * bv);
      }
      const d = Math.abs(fast[off + i * n + j] - ref[off + i * n + j]);
      worst = Math.max(worst, d / Math.max(scale, 1e-30));
    }
  }
  return worst;
}

function outSize(size: number, kernel: number, stride: number, pad: number, dilation: number) {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Random windows over small images, including 1-pixel images and kernels wider than the image. */
function geometries(pooling: boolean): WindowGeometry[] {
  const random = new Random(3);
  const out: WindowGeometry[] = [];
  while (out.length < 60) {
    const pick = (values: number[]) => values[random.int(values.length)];
    const [height, width] = [pick([1, 3, 7, 13]), pick([1, 3, 7, 13])];
    const [kernelH, kernelW] = [pick([1, 2, 3, 5]), pick([1, 2, 3, 5])];
    const [strideH, strideW] = [pick([1, 1, 2, 3]), pick([1, 1, 2, 3])];
    const [padH, padW] = [
      random.int(Math.floor(kernelH / 2) + 1),
      random.int(Math.floor(kernelW / 2) + 1),
    ];
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
  // LeNet-5's convolutions and pools, and a pool over an odd size (a ragged last window).
  const conv = (channels: number, size: number, pad: number): WindowGeometry => ({
    channels,
    height: size,
    width: size,
    kernelH: 5,
    kernelW: 5,
    strideH: 1,
    strideW: 1,
    padH: pad,
    padW: pad,
    dilationH: 1,
    dilationW: 1,
    outH: size + 2 * pad - 4,
    outW: size + 2 * pad - 4,
  });
  const pool = (channels: number, size: number): WindowGeometry => ({
    channels,
    height: size,
    width: size,
    kernelH: 2,
    kernelW: 2,
    strideH: 2,
    strideW: 2,
    padH: 0,
    padW: 0,
    dilationH: 1,
    dilationW: 1,
    outH: Math.floor(size / 2),
    outW: Math.floor(size / 2),
  });
  if (pooling) out.push(pool(6, 28), pool(16, 10), pool(3, 13), pool(2, 9));
  else out.push(conv(1, 28, 2), conv(6, 14, 0));
  return out;
}

const name = (g: WindowGeometry) =>
  `[${g.channels},${g.height},${g.width}] k${g.kernelH}×${g.kernelW} s${g.strideH},${g.strideW} p${g.padH},${g.padW} d${g.dilationH},${g.dilationW}`;

describe.each(FLAVORS)('%s kernels equal the reference', (flavor) => {
  let fast: Kernels;
  beforeAll(async () => {
    fast = (await kernelsOf(flavor))();
  });

  describe.each<Form>(['gemmNN', 'gemmTN', 'gemmNT'])('%s', (form) => {
    const shapes: [number, number, number][] = [];
    SIZES.forEach((m, i) =>
      SIZES.forEach((n, j) => shapes.push([m, n, SIZES[(i + 2 * j) % SIZES.length]])),
    );
    shapes.push(...BLOCK_EDGES);

    it(`relative error ≤ 1e-5 on ${shapes.length} shapes, in place and copied, = and +=`, () => {
      const random = new Random(11);
      shapes.forEach(([m, n, k], index) => {
        const inPlace = index % 2 === 0;
        const accumulate = index % 3 === 0;
        const off = index % 5; // element offsets, so nothing relies on aligned starts
        const make = inPlace
          ? (len: number) => fast.newFloat32(len)
          : (len: number) => new Float32Array(len);
        const a = filled(random, m * k, off, make);
        const b = filled(random, k * n, off, make);
        const c0 = filled(random, m * n, off, (len) => new Float32Array(len));
        const ref = c0.slice();
        const out = make(c0.length);
        out.set(c0);
        referenceKernels[form](m, n, k, a, off, b, off, ref, off, accumulate);
        fast[form](m, n, k, a, off, b, off, out, off, accumulate);
        const error = gemmError(form, [m, n, k], a, b, c0, out, ref, off, accumulate);
        expect(error, `${form} m=${m} n=${n} k=${k}${accumulate ? ' +=' : ''}`).toBeLessThanOrEqual(
          1e-5,
        );
        expect(out.subarray(0, off), 'nothing before C is written').toEqual(c0.subarray(0, off));
      });
    });
  });

  it('gemm with k = 0 zeroes C, or leaves it when accumulating', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    fast.gemmNN(2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, c, 0, true);
    expect([...c]).toEqual([1, 2, 3, 4]);
    fast.gemmNT(2, 2, 0, new Float32Array(0), 0, new Float32Array(0), 0, c, 0, false);
    expect([...c]).toEqual([0, 0, 0, 0]);
  });

  describe('window kernels, bit for bit', () => {
    it.each(geometries(false).map((g) => [name(g), g] as const))('im2col and col2im %s', (_, g) => {
      const random = new Random(5);
      const image = g.channels * g.height * g.width;
      const columns = g.channels * g.kernelH * g.kernelW * g.outH * g.outW;
      const x = filled(random, image, 2, (n) => fast.newFloat32(n));
      const col = new Float32Array(columns + 3);
      const colRef = col.slice();
      fast.im2col(g, x, 2, col, 3);
      referenceKernels.im2col(g, x, 2, colRef, 3);
      expect(col).toEqual(colRef);
      const dCol = filled(random, columns, 1, (n) => new Float32Array(n));
      const dx = filled(random, image, 0, (n) => fast.newFloat32(n));
      const dxRef = dx.slice();
      fast.col2im(g, dCol, 1, dx, 0);
      referenceKernels.col2im(g, dCol, 1, dxRef, 0);
      expect(dx).toEqual(dxRef);
    });

    it.each(geometries(true).map((g) => [name(g), g] as const))('pooling %s', (_, g) => {
      const random = new Random(6);
      const image = g.channels * g.height * g.width;
      const count = g.channels * g.outH * g.outW;
      const x = filled(random, image, 1, (n) => fast.newFloat32(n));
      x[1 + (image >> 1)] = NaN; // taken as the maximum, as PyTorch propagates it
      const [y, yRef] = [fast.newFloat32(count), new Float32Array(count)];
      const [at, atRef] = [new Int32Array(count + 2), new Int32Array(count + 2)];
      fast.maxPool(g, x, 1, y, 0, at, 2);
      referenceKernels.maxPool(g, x, 1, yRef, 0, atRef, 2);
      expect(y).toEqual(yRef);
      expect(at).toEqual(atRef);

      const dy = filled(random, count, 0, (n) => fast.newFloat32(n));
      const dx = filled(random, image, 0, (n) => new Float32Array(n));
      const dxRef = dx.slice();
      fast.maxPoolBackward(count, dy, 0, at, 2, dx, 0);
      referenceKernels.maxPoolBackward(count, dy, 0, atRef, 2, dxRef, 0);
      expect(dx).toEqual(dxRef);

      fast.avgPool(g, x, 1, y, 0);
      referenceKernels.avgPool(g, x, 1, yRef, 0);
      expect(y).toEqual(yRef);
      fast.avgPoolBackward(g, dy, 0, dx, 0);
      referenceKernels.avgPoolBackward(g, dy, 0, dxRef, 0);
      expect(dx).toEqual(dxRef);
    });
  });

  describe('elementwise kernels', () => {
    it.each(['relu', 'leakyrelu', 'tanh', 'sigmoid'] as const)(
      '%s forward and backward, bit for bit',
      (kind) => {
        for (const n of [1, 3, 7, 13, 65, 129]) {
          const random = new Random(n);
          const x = filled(random, n, 1, (len) => fast.newFloat32(len));
          x[1] = NaN;
          x[Math.min(2, n)] = -0;
          const [y, yRef] = [new Float32Array(n + 1), new Float32Array(n + 1)];
          fast.activation(kind, 0.03, n, x, 1, y, 1);
          referenceKernels.activation(kind, 0.03, n, x, 1, yRef, 1);
          expect(y).toEqual(yRef);
          const dy = filled(random, n, 0, (len) => fast.newFloat32(len));
          const dx = filled(random, n, 2, (len) => new Float32Array(len));
          const dxRef = dx.slice();
          fast.activationBackward(kind, 0.03, n, x, 1, y, 1, dy, 0, dx, 2);
          referenceKernels.activationBackward(kind, 0.03, n, x, 1, yRef, 1, dy, 0, dxRef, 2);
          expect(dx).toEqual(dxRef);
        }
      },
    );

    it('bias on rows (bit for bit) and its gradient (relative error ≤ 1e-6)', () => {
      for (const [rows, cols] of [
        [1, 1],
        [3, 7],
        [6, 784],
        [16, 100],
        [5, 13],
      ]) {
        const random = new Random(rows * cols);
        const bias = filled(random, rows, 1, (n) => fast.newFloat32(n));
        const y = filled(random, rows * cols, 0, (n) => new Float32Array(n));
        const yRef = y.slice();
        fast.addBias(rows, cols, bias, 1, y, 0);
        referenceKernels.addBias(rows, cols, bias, 1, yRef, 0);
        expect(y).toEqual(yRef);
        const sums = filled(random, rows, 0, (n) => fast.newFloat32(n));
        const sumsRef = sums.slice();
        fast.sumRows(rows, cols, y, 0, sums, 0);
        referenceKernels.sumRows(rows, cols, y, 0, sumsRef, 0);
        for (let r = 0; r < rows; r++) {
          let scale = Math.abs(sumsRef[r]);
          for (let i = 0; i < cols; i++) scale += Math.abs(y[r * cols + i]);
          expect(Math.abs(sums[r] - sumsRef[r])).toBeLessThanOrEqual(1e-6 * scale);
        }
      }
    });
  });
});
