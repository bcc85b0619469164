import { addSum, dyPlaneWidth, dyRowLive, paddedWidth, run4 } from './planes';
import { loadFirst, madd, storeFirst } from './simd';
import { Window } from './window';

// The 3×3 depthwise planes (MobileNet's and EfficientNet's most common kernel), written out: the
// nine weights, or the nine weight-gradient sums, live in registers for a whole plane instead of
// being reloaded for every four outputs, and the kernel loops, which at three steps cost as much
// as their work, are gone. Where the vertical stride and dilation are 1, two output rows are made
// together: they share two of their input rows, so each row vector is loaded once for both.
// Each output still adds its terms in the generic kernel's order (depthwise.ts); a weight's
// gradient, where rows pair, takes row oy's and row oy + 1's terms in turn. Either way the order
// is fixed, so the parts, and the threads that run them, give the same bits. Horizontal strides 1
// and 2 only (the generic kernel takes the rest); addresses are bytes.

/** Whether two output rows share input rows: vertical stride and dilation 1. */
// @ts-ignore: decorator
@inline
function pairsRows(g: Window): bool {
  return g.strideH == 1 && g.dilationH == 1;
}

/** y[f] (+ b) over output plane `out` from the padded plane P, 3×3 kernel `w`. */
export function forwardPlane3x3(g: Window, plane: usize, w: usize, b: f32, out: usize): void {
  if (g.strideW == 1) forward(g, plane, w, b, out, 1);
  else forward(g, plane, w, b, out, 2);
}

/** forwardPlane3x3 at a constant horizontal stride `sW`, so run4's choice folds away. */
// @ts-ignore: decorator
@inline
function forward(g: Window, plane: usize, w: usize, b: f32, out: usize, sW: i32): void {
  const wp = <usize>paddedWidth(g) * 4;
  const rowStep = <usize>g.dilationH * wp;
  const c1 = <usize>g.dilationW * 4;
  const c2 = c1 * 2;
  const outH = g.outH;
  const outW = g.outW;
  const w00 = v128.load32_splat(w);
  const w01 = v128.load32_splat(w, 4);
  const w02 = v128.load32_splat(w, 8);
  const w10 = v128.load32_splat(w, 12);
  const w11 = v128.load32_splat(w, 16);
  const w12 = v128.load32_splat(w, 20);
  const w20 = v128.load32_splat(w, 24);
  const w21 = v128.load32_splat(w, 28);
  const w22 = v128.load32_splat(w, 32);
  const bias = f32x4.splat(b);
  let oy = 0;
  if (pairsRows(g)) {
    for (; oy + 2 <= outH; oy += 2) {
      const r0 = plane + <usize>oy * wp;
      const r1 = r0 + wp;
      const r2 = r1 + wp;
      const r3 = r2 + wp;
      const rowA = out + <usize>(oy * outW) * 4;
      const rowB = rowA + <usize>outW * 4;
      for (let ox = 0; ox < outW; ox += 4) {
        const at = <usize>(ox * sW) * 4;
        let a = madd(w00, run4(r0 + at, sW), bias);
        a = madd(w01, run4(r0 + at + c1, sW), a);
        a = madd(w02, run4(r0 + at + c2, sW), a);
        let v = run4(r1 + at, sW);
        a = madd(w10, v, a);
        let c = madd(w00, v, bias);
        v = run4(r1 + at + c1, sW);
        a = madd(w11, v, a);
        c = madd(w01, v, c);
        v = run4(r1 + at + c2, sW);
        a = madd(w12, v, a);
        c = madd(w02, v, c);
        v = run4(r2 + at, sW);
        a = madd(w20, v, a);
        c = madd(w10, v, c);
        v = run4(r2 + at + c1, sW);
        a = madd(w21, v, a);
        c = madd(w11, v, c);
        v = run4(r2 + at + c2, sW);
        a = madd(w22, v, a);
        c = madd(w12, v, c);
        c = madd(w20, run4(r3 + at, sW), c);
        c = madd(w21, run4(r3 + at + c1, sW), c);
        c = madd(w22, run4(r3 + at + c2, sW), c);
        storeFirst(rowA + <usize>ox * 4, a, outW - ox);
        storeFirst(rowB + <usize>ox * 4, c, outW - ox);
      }
    }
  }
  const sH = g.strideH;
  for (; oy < outH; oy++) {
    const r0 = plane + <usize>(oy * sH) * wp;
    const r1 = r0 + rowStep;
    const r2 = r1 + rowStep;
    const row = out + <usize>(oy * outW) * 4;
    for (let ox = 0; ox < outW; ox += 4) {
      const at = <usize>(ox * sW) * 4;
      let a = madd(w00, run4(r0 + at, sW), bias);
      a = madd(w01, run4(r0 + at + c1, sW), a);
      a = madd(w02, run4(r0 + at + c2, sW), a);
      a = madd(w10, run4(r1 + at, sW), a);
      a = madd(w11, run4(r1 + at + c1, sW), a);
      a = madd(w12, run4(r1 + at + c2, sW), a);
      a = madd(w20, run4(r2 + at, sW), a);
      a = madd(w21, run4(r2 + at + c1, sW), a);
      a = madd(w22, run4(r2 + at + c2, sW), a);
      storeFirst(row + <usize>ox * 4, a, outW - ox);
    }
  }
}

/**
 * dW[f] (nine values at `dw`) += Σ dy[f]·the run of P each weight multiplied. dy's lanes past a
 * row's end load as zero, so the runs' reads past it add nothing.
 */
export function weightGradientPlane3x3(g: Window, plane: usize, dy: usize, dw: usize): void {
  if (g.strideW == 1) weightGradient(g, plane, dy, dw, 1);
  else weightGradient(g, plane, dy, dw, 2);
}

/** weightGradientPlane3x3 at a constant horizontal stride `sW`. */
// @ts-ignore: decorator
@inline
function weightGradient(g: Window, plane: usize, dy: usize, dw: usize, sW: i32): void {
  const wp = <usize>paddedWidth(g) * 4;
  const sH = g.strideH;
  const rowStep = <usize>g.dilationH * wp;
  const c1 = <usize>g.dilationW * 4;
  const c2 = c1 * 2;
  const outH = g.outH;
  const outW = g.outW;
  let a00 = f32x4.splat(0);
  let a01 = a00;
  let a02 = a00;
  let a10 = a00;
  let a11 = a00;
  let a12 = a00;
  let a20 = a00;
  let a21 = a00;
  let a22 = a00;
  let oy = 0;
  if (pairsRows(g)) {
    for (; oy + 2 <= outH; oy += 2) {
      const r0 = plane + <usize>oy * wp;
      const r1 = r0 + wp;
      const r2 = r1 + wp;
      const r3 = r2 + wp;
      const dA = dy + <usize>(oy * outW) * 4;
      const dB = dA + <usize>outW * 4;
      for (let ox = 0; ox < outW; ox += 4) {
        const da = loadFirst(dA + <usize>ox * 4, outW - ox);
        const db = loadFirst(dB + <usize>ox * 4, outW - ox);
        const at = <usize>(ox * sW) * 4;
        a00 = madd(da, run4(r0 + at, sW), a00);
        a01 = madd(da, run4(r0 + at + c1, sW), a01);
        a02 = madd(da, run4(r0 + at + c2, sW), a02);
        let v = run4(r1 + at, sW);
        a10 = madd(da, v, a10);
        a00 = madd(db, v, a00);
        v = run4(r1 + at + c1, sW);
        a11 = madd(da, v, a11);
        a01 = madd(db, v, a01);
        v = run4(r1 + at + c2, sW);
        a12 = madd(da, v, a12);
        a02 = madd(db, v, a02);
        v = run4(r2 + at, sW);
        a20 = madd(da, v, a20);
        a10 = madd(db, v, a10);
        v = run4(r2 + at + c1, sW);
        a21 = madd(da, v, a21);
        a11 = madd(db, v, a11);
        v = run4(r2 + at + c2, sW);
        a22 = madd(da, v, a22);
        a12 = madd(db, v, a12);
        a20 = madd(db, run4(r3 + at, sW), a20);
        a21 = madd(db, run4(r3 + at + c1, sW), a21);
        a22 = madd(db, run4(r3 + at + c2, sW), a22);
      }
    }
  }
  for (; oy < outH; oy++) {
    const r0 = plane + <usize>(oy * sH) * wp;
    const r1 = r0 + rowStep;
    const r2 = r1 + rowStep;
    const d = dy + <usize>(oy * outW) * 4;
    for (let ox = 0; ox < outW; ox += 4) {
      const dv = loadFirst(d + <usize>ox * 4, outW - ox);
      const at = <usize>(ox * sW) * 4;
      a00 = madd(dv, run4(r0 + at, sW), a00);
      a01 = madd(dv, run4(r0 + at + c1, sW), a01);
      a02 = madd(dv, run4(r0 + at + c2, sW), a02);
      a10 = madd(dv, run4(r1 + at, sW), a10);
      a11 = madd(dv, run4(r1 + at + c1, sW), a11);
      a12 = madd(dv, run4(r1 + at + c2, sW), a12);
      a20 = madd(dv, run4(r2 + at, sW), a20);
      a21 = madd(dv, run4(r2 + at + c1, sW), a21);
      a22 = madd(dv, run4(r2 + at + c2, sW), a22);
    }
  }
  addSum(dw, a00, 0);
  addSum(dw + 4, a01, 0);
  addSum(dw + 8, a02, 0);
  addSum(dw + 12, a10, 0);
  addSum(dw + 16, a11, 0);
  addSum(dw + 20, a12, 0);
  addSum(dw + 24, a20, 0);
  addSum(dw + 28, a21, 0);
  addSum(dw + 32, a22, 0);
}

/**
 * dx (channel plane [H, W]) += D correlated with the flipped 3×3 kernel `w`, as depthwise.ts's
 * inputGradientGather: two dx rows at a time where the vertical dilation is 1 (they share two of
 * D's rows), else one at a time.
 */
export function inputGradientGather3x3(g: Window, dPlane: usize, w: usize, dx: usize): void {
  const wd = <usize>dyPlaneWidth(g) * 4;
  const rowStep = <usize>g.dilationH * wd;
  const c1 = <usize>g.dilationW * 4;
  const c2 = c1 * 2;
  const height = g.height;
  const width = g.width;
  const left = <usize>g.padW * 4;
  // The flipped kernel: f00 is w[2][2].
  const f00 = v128.load32_splat(w, 32);
  const f01 = v128.load32_splat(w, 28);
  const f02 = v128.load32_splat(w, 24);
  const f10 = v128.load32_splat(w, 20);
  const f11 = v128.load32_splat(w, 16);
  const f12 = v128.load32_splat(w, 12);
  const f20 = v128.load32_splat(w, 8);
  const f21 = v128.load32_splat(w, 4);
  const f22 = v128.load32_splat(w);
  let r = 0;
  if (g.dilationH == 1) {
    for (; r + 2 <= height; r += 2) {
      const d0 = dPlane + <usize>(r + g.padH) * wd + left;
      const d1 = d0 + wd;
      const d2 = d1 + wd;
      const d3 = d2 + wd;
      const rowA = dx + <usize>(r * width) * 4;
      const rowB = rowA + <usize>width * 4;
      for (let c = 0; c < width; c += 4) {
        const at = <usize>c * 4;
        let a = loadFirst(rowA + at, width - c);
        let b = loadFirst(rowB + at, width - c);
        a = madd(f00, v128.load(d0 + at), a);
        a = madd(f01, v128.load(d0 + at + c1), a);
        a = madd(f02, v128.load(d0 + at + c2), a);
        let v = v128.load(d1 + at);
        a = madd(f10, v, a);
        b = madd(f00, v, b);
        v = v128.load(d1 + at + c1);
        a = madd(f11, v, a);
        b = madd(f01, v, b);
        v = v128.load(d1 + at + c2);
        a = madd(f12, v, a);
        b = madd(f02, v, b);
        v = v128.load(d2 + at);
        a = madd(f20, v, a);
        b = madd(f10, v, b);
        v = v128.load(d2 + at + c1);
        a = madd(f21, v, a);
        b = madd(f11, v, b);
        v = v128.load(d2 + at + c2);
        a = madd(f22, v, a);
        b = madd(f12, v, b);
        b = madd(f20, v128.load(d3 + at), b);
        b = madd(f21, v128.load(d3 + at + c1), b);
        b = madd(f22, v128.load(d3 + at + c2), b);
        storeFirst(rowA + at, a, width - c);
        storeFirst(rowB + at, b, width - c);
      }
    }
  }
  // One dx row at a time, its kernel rows over D's zero rows skipped.
  for (; r < height; r++) {
    const top = r + g.padH;
    const d0 = dPlane + <usize>top * wd + left;
    const d1 = d0 + rowStep;
    const d2 = d1 + rowStep;
    const live0 = dyRowLive(g, top);
    const live1 = dyRowLive(g, top + g.dilationH);
    const live2 = dyRowLive(g, top + 2 * g.dilationH);
    const row = dx + <usize>(r * width) * 4;
    for (let c = 0; c < width; c += 4) {
      const at = <usize>c * 4;
      let a = loadFirst(row + at, width - c);
      if (live0) {
        a = madd(f00, v128.load(d0 + at), a);
        a = madd(f01, v128.load(d0 + at + c1), a);
        a = madd(f02, v128.load(d0 + at + c2), a);
      }
      if (live1) {
        a = madd(f10, v128.load(d1 + at), a);
        a = madd(f11, v128.load(d1 + at + c1), a);
        a = madd(f12, v128.load(d1 + at + c2), a);
      }
      if (live2) {
        a = madd(f20, v128.load(d2 + at), a);
        a = madd(f21, v128.load(d2 + at + c1), a);
        a = madd(f22, v128.load(d2 + at + c2), a);
      }
      storeFirst(row + at, a, width - c);
    }
  }
}
