import { dyPlaneWidth, dyRowLive, paddedWidth, run4 } from './planes';
import { loadFirst, madd, storeFirst } from './simd';
import { Window } from './window';

// The depthwise planes of the wider kernels (5×5 in EfficientNet, 7×7 in ConvNeXt), a kernel row at
// a time: the row's weights live in registers while the row sweeps the plane, and each output
// vector takes the row's kw terms before it goes back to memory, where the next row adds to it.
// The widths 5 and 7 (and the strides 1 and 2 across) are constants in their copies, so the loops
// over a row's weights are written out. Every output still adds its terms in depthwise.ts's order
// (bias, then row by row, weight by weight), so the bits are the generic kernel's.
// Addresses are bytes.

/** Whether the kernel's width has a copy here: 5 or 7. */
// @ts-ignore: decorator
@inline
export function rowsGather(g: Window): bool {
  return g.kernelW == 5 || g.kernelW == 7;
}

/** Whether the forward has a copy: a width of 5 or 7 at a stride across of 1 or 2. */
// @ts-ignore: decorator
@inline
export function rowsForward(g: Window): bool {
  return rowsGather(g) && g.strideW <= 2;
}

/** y[f] (+ b) over output plane `out` from the padded plane P, kernel `w` [kh, kw]. */
export function forwardRows(g: Window, plane: usize, w: usize, b: f32, out: usize): void {
  const kw = g.kernelW;
  const sW = g.strideW;
  if (kw == 5 && sW == 1) forward(g, plane, w, b, out, 5, 1);
  else if (kw == 5) forward(g, plane, w, b, out, 5, 2);
  else if (sW == 1) forward(g, plane, w, b, out, 7, 1);
  else forward(g, plane, w, b, out, 7, 2);
}

/** The gathered input gradient: dx (channel plane [H, W]) += D correlated with the flipped kernel. */
export function gatherRows(g: Window, dPlane: usize, w: usize, dx: usize): void {
  if (g.kernelW == 5) gather(g, dPlane, w, dx, 5);
  else gather(g, dPlane, w, dx, 7);
}

/** Weight k of the row at `at` as a splat; k outside the row (never used) gives zeros. */
// @ts-ignore: decorator
@inline
function splat(at: usize, k: i32, kw: i32): v128 {
  return k >= 0 && k < kw ? v128.load32_splat(at + <usize>k * 4) : f32x4.splat(0);
}

/** acc + Σ_k w_k · the run at `at + k·step` for the row's kw weights (kw a constant). */
// @ts-ignore: decorator
@inline
function rowTerms(
  acc: v128, at: usize, step: usize, sW: i32, kw: i32,
  w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128,
): v128 {
  let a = madd(w0, run4(at, sW), acc);
  a = madd(w1, run4(at + step, sW), a);
  a = madd(w2, run4(at + 2 * step, sW), a);
  a = madd(w3, run4(at + 3 * step, sW), a);
  a = madd(w4, run4(at + 4 * step, sW), a);
  if (kw > 5) {
    a = madd(w5, run4(at + 5 * step, sW), a);
    a = madd(w6, run4(at + 6 * step, sW), a);
  }
  return a;
}

// @ts-ignore: decorator
@inline
function forward(g: Window, plane: usize, w: usize, b: f32, out: usize, kw: i32, sW: i32): void {
  const wp = <usize>paddedWidth(g) * 4;
  const rowStep = <usize>g.dilationH * wp;
  const colStep = <usize>g.dilationW * 4;
  const sH = g.strideH;
  const kh = g.kernelH;
  const outH = g.outH;
  const outW = g.outW;
  const bias = f32x4.splat(b);
  for (let oy = 0; oy < outH; oy++) {
    const row = out + <usize>(oy * outW) * 4;
    let line = plane + <usize>(oy * sH) * wp;
    for (let ki = 0; ki < kh; ki++) {
      const wk = w + <usize>(ki * kw) * 4;
      const w0 = splat(wk, 0, kw);
      const w1 = splat(wk, 1, kw);
      const w2 = splat(wk, 2, kw);
      const w3 = splat(wk, 3, kw);
      const w4 = splat(wk, 4, kw);
      const w5 = splat(wk, 5, kw);
      const w6 = splat(wk, 6, kw);
      for (let ox = 0; ox < outW; ox += 4) {
        const o = row + <usize>ox * 4;
        const acc = ki == 0 ? bias : loadFirst(o, outW - ox);
        const at = line + <usize>(ox * sW) * 4;
        storeFirst(o, rowTerms(acc, at, colStep, sW, kw, w0, w1, w2, w3, w4, w5, w6), outW - ox);
      }
      line += rowStep;
    }
  }
}

// @ts-ignore: decorator
@inline
function gather(g: Window, dPlane: usize, w: usize, dx: usize, kw: i32): void {
  const wd = <usize>dyPlaneWidth(g) * 4;
  const rowStep = <usize>g.dilationH * wd;
  const colStep = <usize>g.dilationW * 4;
  const kh = g.kernelH;
  const height = g.height;
  const width = g.width;
  const left = <usize>g.padW * 4;
  for (let r = 0; r < height; r++) {
    const row = dx + <usize>(r * width) * 4;
    let line = dPlane + <usize>(r + g.padH) * wd + left;
    for (let ki = 0; ki < kh; ki++, line += rowStep) {
      // D's zero rows (margins, and between dy's rows at stride 2) add nothing.
      if (!dyRowLive(g, r + g.padH + ki * g.dilationH)) continue;
      // Row ki of the flipped kernel: w[kh−1−ki][kw−1−kj], read backwards.
      const wk = w + <usize>((kh - 1 - ki) * kw) * 4;
      const w0 = splat(wk, kw - 1, kw);
      const w1 = splat(wk, kw - 2, kw);
      const w2 = splat(wk, kw - 3, kw);
      const w3 = splat(wk, kw - 4, kw);
      const w4 = splat(wk, kw - 5, kw);
      const w5 = splat(wk, kw - 6, kw);
      const w6 = splat(wk, kw - 7, kw);
      for (let c = 0; c < width; c += 4) {
        const o = row + <usize>c * 4;
        const acc = loadFirst(o, width - c);
        const at = line + <usize>c * 4;
        storeFirst(o, rowTerms(acc, at, colStep, 1, kw, w0, w1, w2, w3, w4, w5, w6), width - c);
      }
    }
  }
}
