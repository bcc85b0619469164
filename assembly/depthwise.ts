import { GRADIENT_PARTS } from './conv';
import { partStart } from './parts';
import { copyRun, zeroRun } from './runs';
import { forwardPlane3x3, inputGradientGather3x3, weightGradientPlane3x3 } from './depthwise3x3';
import { forwardRows, gatherRows, rowsForward, rowsGather } from './depthwiseRows';
import {
  addSum,
  dyPlaneFloats,
  dyPlaneWidth,
  dyRowLive,
  lanes,
  paddedWidth,
  planeFloats,
  run4,
} from './planes';
import { loadFirst, madd, storeFirst } from './simd';
import { imageBytes, Window } from './window';

// Depthwise convolution (groups = channels): output channel f = c·M + j (M filters per channel)
// slides its own kh×kw kernel over input channel c alone. There is nothing to share between
// channels, so no GEMM: each channel is copied into a zero-padded plane P[Hp, Wp] in scratch and
// every output row is a sum of kh·kw scaled runs of P's rows, four outputs per vector (stride 1:
// a run is contiguous; stride 2: the even lanes of two vectors), a row's last few outputs too (a
// vector of which only the lanes inside the row are stored, or whose dy lanes past the row are
// zero, so the reads past a row's end, into the next row or the plane's slack, add nothing).
// The backward sums the weight gradient as dot products of dy with the same runs, one kernel row
// at a time with an accumulator for each of its weights (each dy vector is loaded once, and the
// sums do not wait on each other), over GRADIENT_PARTS fixed ranges of samples (partials added in
// order by conv2dGradientSum, as for the other convolutions), so one thread or several give the
// same bits. The input gradient gathers: dy, spread a stride apart and zero-padded into a plane D
// of its own, is correlated with the flipped kernel straight into dx, as the forward does (every
// dx vector loaded and stored once; at stride 2 three of four of D's cells are zeros, which costs
// less than scattering overlapping vectors back).
// Addresses are bytes; the window's `channels` is C.

/** Whether the written-out 3×3 planes of depthwise3x3.ts apply: a 3×3 kernel, stride 1 or 2 across. */
// @ts-ignore: decorator
@inline
function is3x3(g: Window): bool {
  return g.kernelH == 3 && g.kernelW == 3 && g.strideW <= 2;
}

/** Bytes of scratch one part needs: the padded input plane, then D. */
export function depthwiseScratchBytes(window: usize): usize {
  const g = changetype<Window>(window);
  return <usize>(planeFloats(g) + dyPlaneFloats(g)) * 4;
}

/** Channel c of one image into P's interior; P's border is zero and stays zero. */
function pad(g: Window, x: usize, c: i32, plane: usize): void {
  const wp = paddedWidth(g);
  const src = x + <usize>c * g.height * g.width * 4;
  for (let r = 0; r < g.height; r++) {
    const dst = plane + <usize>((r + g.padH) * wp + g.padW) * 4;
    copyRun(dst, src + <usize>r * g.width * 4, g.width);
  }
}

/** y[f] (+ bias[f]) over output plane `out` from the padded plane P, kernel `w` [kh, kw]. */
function forwardPlane(g: Window, plane: usize, w: usize, b: f32, out: usize): void {
  // The window's fields in locals: the stores below could alias them, so they would be re-read.
  const wp = paddedWidth(g);
  const sW = g.strideW;
  const sH = g.strideH;
  const kh = g.kernelH;
  const kw = g.kernelW;
  const rowStep = <usize>(g.dilationH * wp) * 4;
  const colStep = <usize>g.dilationW * 4;
  const outH = g.outH;
  const outW = g.outW;
  const vector = sW <= 2;
  for (let oy = 0; oy < outH; oy++) {
    const top = plane + <usize>(oy * sH * wp) * 4;
    const row = out + <usize>(oy * outW) * 4;
    let ox = 0;
    if (vector) {
      for (; ox < outW; ox += 4) {
        let acc = f32x4.splat(b);
        let line = top + <usize>(ox * sW) * 4;
        let wk = w;
        for (let ki = 0; ki < kh; ki++) {
          let at = line;
          for (let kj = 0; kj < kw; kj++) {
            acc = madd(v128.load32_splat(wk), run4(at, sW), acc);
            at += colStep;
            wk += 4;
          }
          line += rowStep;
        }
        storeFirst(row + <usize>ox * 4, acc, outW - ox);
      }
    }
    for (; ox < outW; ox++) {
      let acc = b;
      for (let ki = 0; ki < kh; ki++) {
        const line = top + <usize>(ki * g.dilationH * wp + ox * sW) * 4;
        for (let kj = 0; kj < kw; kj++) {
          const weight = load<f32>(w + <usize>(ki * kw + kj) * 4);
          acc += weight * load<f32>(line + <usize>kj * colStep);
        }
      }
      store<f32>(row + <usize>ox * 4, acc);
    }
  }
}

export function depthwiseForward(
  part: i32,
  parts: i32,
  window: usize,
  filters: i32,
  batch: i32,
  x: usize,
  weight: usize,
  bias: usize, // 0: none
  y: usize,
  scratch: usize,
  stride: usize,
): void {
  const g = changetype<Window>(window);
  const multiplier = filters / g.channels;
  const rows = g.kernelH * g.kernelW;
  const plane = scratch + <usize>part * stride;
  const outPlane = <usize>g.outH * g.outW * 4;
  const three = is3x3(g);
  const byRows = rowsForward(g);
  zeroRun(plane, planeFloats(g));
  const n1 = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < n1; n++) {
    const xn = x + <usize>n * imageBytes(g);
    const yn = y + <usize>n * filters * outPlane;
    for (let c = 0; c < g.channels; c++) {
      pad(g, xn, c, plane);
      for (let j = 0; j < multiplier; j++) {
        const f = c * multiplier + j;
        const b: f32 = bias ? load<f32>(bias + <usize>f * 4) : 0;
        const w = weight + <usize>(f * rows) * 4;
        const out = yn + <usize>f * outPlane;
        if (three) forwardPlane3x3(g, plane, w, b, out);
        else if (byRows) forwardRows(g, plane, w, b, out);
        else forwardPlane(g, plane, w, b, out);
      }
    }
  }
}

/** Kernel widths up to this get an accumulator for each weight of a row; wider ones one a weight. */
const ROW_ACCUMULATORS = 7;

/** dW[f] (kh·kw, into `dw`) += Σ dy[f]·the runs of P each weight multiplied; dB[f] += Σ dy[f]. */
function weightGradientPlane(g: Window, plane: usize, dy: usize, dw: usize, db: usize): void {
  const kh = g.kernelH;
  const kw = g.kernelW;
  if (is3x3(g)) {
    weightGradientPlane3x3(g, plane, dy, dw);
  } else {
    for (let ki = 0; ki < kh; ki++) {
      if (kw <= ROW_ACCUMULATORS) weightGradientRow(g, plane, dy, dw, ki);
      else for (let kj = 0; kj < kw; kj++) weightGradientOne(g, plane, dy, dw, ki, kj);
    }
  }
  if (db) {
    let acc = f32x4.splat(0);
    let tail: f32 = 0;
    const count = g.outH * g.outW;
    let i = 0;
    for (; i + 4 <= count; i += 4) acc = f32x4.add(acc, v128.load(dy + <usize>i * 4));
    for (; i < count; i++) tail += load<f32>(dy + <usize>i * 4);
    store<f32>(db, load<f32>(db) + (lanes(acc) + tail));
  }
}

/**
 * The gradients of kernel row ki's weights (kw ≤ ROW_ACCUMULATORS), an accumulator each. The
 * common widths and strides have copies in which they are constants, so the tests on them fold.
 */
function weightGradientRow(g: Window, plane: usize, dy: usize, dw: usize, ki: i32): void {
  const kw = g.kernelW;
  const sW = g.strideW;
  if (kw == 5 && sW == 1) weightGradientRowOf(g, plane, dy, dw, ki, 5, 1);
  else if (kw == 5 && sW == 2) weightGradientRowOf(g, plane, dy, dw, ki, 5, 2);
  else if (kw == 7 && sW == 1) weightGradientRowOf(g, plane, dy, dw, ki, 7, 1);
  else if (kw == 7 && sW == 2) weightGradientRowOf(g, plane, dy, dw, ki, 7, 2);
  else weightGradientRowOf(g, plane, dy, dw, ki, kw, sW);
}

// @ts-ignore: decorator
@inline
function weightGradientRowOf(
  g: Window, plane: usize, dy: usize, dw: usize, ki: i32, kw: i32, sW: i32,
): void {
  const wp = paddedWidth(g);
  const sH = g.strideH;
  const colStep = <usize>g.dilationW * 4;
  const rowOffset = ki * g.dilationH;
  const outH = g.outH;
  const outW = g.outW;
  const vector = sW <= 2;
  let a0 = f32x4.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let a4 = a0;
  let a5 = a0;
  let a6 = a0;
  // A row's last outputs when the stride has no vectors (≥ 3), one sum a weight.
  let t0: f32 = 0;
  let t1: f32 = 0;
  let t2: f32 = 0;
  let t3: f32 = 0;
  let t4: f32 = 0;
  let t5: f32 = 0;
  let t6: f32 = 0;
  for (let oy = 0; oy < outH; oy++) {
    const line = plane + <usize>((oy * sH + rowOffset) * wp) * 4;
    const d = dy + <usize>(oy * outW) * 4;
    let ox = 0;
    if (vector) {
      for (; ox < outW; ox += 4) {
        const dv = loadFirst(d + <usize>ox * 4, outW - ox);
        const at = line + <usize>(ox * sW) * 4;
        a0 = madd(dv, run4(at, sW), a0);
        if (kw > 1) a1 = madd(dv, run4(at + colStep, sW), a1);
        if (kw > 2) a2 = madd(dv, run4(at + 2 * colStep, sW), a2);
        if (kw > 3) a3 = madd(dv, run4(at + 3 * colStep, sW), a3);
        if (kw > 4) a4 = madd(dv, run4(at + 4 * colStep, sW), a4);
        if (kw > 5) a5 = madd(dv, run4(at + 5 * colStep, sW), a5);
        if (kw > 6) a6 = madd(dv, run4(at + 6 * colStep, sW), a6);
      }
    }
    for (; ox < outW; ox++) {
      const dv = load<f32>(d + <usize>ox * 4);
      const at = line + <usize>(ox * sW) * 4;
      t0 += dv * load<f32>(at);
      if (kw > 1) t1 += dv * load<f32>(at + colStep);
      if (kw > 2) t2 += dv * load<f32>(at + 2 * colStep);
      if (kw > 3) t3 += dv * load<f32>(at + 3 * colStep);
      if (kw > 4) t4 += dv * load<f32>(at + 4 * colStep);
      if (kw > 5) t5 += dv * load<f32>(at + 5 * colStep);
      if (kw > 6) t6 += dv * load<f32>(at + 6 * colStep);
    }
  }
  const row = dw + <usize>(ki * kw) * 4;
  addSum(row, a0, t0);
  if (kw > 1) addSum(row + 4, a1, t1);
  if (kw > 2) addSum(row + 8, a2, t2);
  if (kw > 3) addSum(row + 12, a3, t3);
  if (kw > 4) addSum(row + 16, a4, t4);
  if (kw > 5) addSum(row + 20, a5, t5);
  if (kw > 6) addSum(row + 24, a6, t6);
}

/** The gradient of weight (ki, kj) alone, for kernels wider than ROW_ACCUMULATORS. */
function weightGradientOne(g: Window, plane: usize, dy: usize, dw: usize, ki: i32, kj: i32): void {
  const wp = paddedWidth(g);
  const sW = g.strideW;
  const sH = g.strideH;
  const outH = g.outH;
  const outW = g.outW;
  const vector = sW <= 2;
  let acc = f32x4.splat(0);
  let tail: f32 = 0;
  for (let oy = 0; oy < outH; oy++) {
    const line = plane + <usize>((oy * sH + ki * g.dilationH) * wp + kj * g.dilationW) * 4;
    const d = dy + <usize>(oy * outW) * 4;
    let ox = 0;
    if (vector) {
      for (; ox < outW; ox += 4) {
        const dv = loadFirst(d + <usize>ox * 4, outW - ox);
        acc = madd(dv, run4(line + <usize>(ox * sW) * 4, sW), acc);
      }
    }
    for (; ox < outW; ox++) {
      tail += load<f32>(d + <usize>ox * 4) * load<f32>(line + <usize>(ox * sW) * 4);
    }
  }
  const at = dw + <usize>(ki * g.kernelW + kj) * 4;
  store<f32>(at, load<f32>(at) + (lanes(acc) + tail));
}

/** dy[f] into D, cell (oy, ox) at (top + oy·strideH, left + ox·strideW); the rest of D stays zero. */
function padDy(g: Window, dy: usize, dPlane: usize): void {
  const wd = dyPlaneWidth(g);
  const top = (g.kernelH - 1) * g.dilationH;
  const left = (g.kernelW - 1) * g.dilationW;
  const sH = g.strideH;
  const sW = g.strideW;
  const outW = g.outW;
  for (let r = 0; r < g.outH; r++) {
    const to = dPlane + <usize>((top + r * sH) * wd + left) * 4;
    const from = dy + <usize>(r * outW) * 4;
    if (sW == 1) {
      copyRun(to, from, outW);
      continue;
    }
    for (let c = 0; c < outW; c++) store<f32>(to + <usize>(c * sW) * 4, load<f32>(from + <usize>c * 4));
  }
}

/**
 * dx (channel plane [H, W]) += D correlated with the flipped kernel `w`, where D is dy spread a
 * stride apart (the transposed convolution as a plain one, so every dx vector is loaded and
 * stored once however the windows overlap; D's zero rows skipped):
 * dx[r][c] = Σ w[kh−1−i][kw−1−j]·D[r + padH + i·dH][c + padW + j·dW].
 */
function inputGradientGather(g: Window, dPlane: usize, w: usize, dx: usize): void {
  const wd = dyPlaneWidth(g);
  const kh = g.kernelH;
  const kw = g.kernelW;
  const rowStep = <usize>(g.dilationH * wd) * 4;
  const colStep = <usize>g.dilationW * 4;
  const height = g.height;
  const width = g.width;
  const last = w + <usize>(kh * kw - 1) * 4;
  for (let r = 0; r < height; r++) {
    const top = dPlane + <usize>((r + g.padH) * wd + g.padW) * 4;
    const row = dx + <usize>(r * width) * 4;
    let c = 0;
    for (; c < width; c += 4) {
      let acc = loadFirst(row + <usize>c * 4, width - c);
      let line = top + <usize>c * 4;
      let wk = last;
      for (let ki = 0; ki < kh; ki++) {
        if (dyRowLive(g, r + g.padH + ki * g.dilationH)) {
          let at = line;
          let wj = wk;
          for (let kj = 0; kj < kw; kj++) {
            acc = madd(v128.load32_splat(wj), v128.load(at), acc);
            at += colStep;
            wj -= 4;
          }
        }
        wk -= <usize>kw * 4;
        line += rowStep;
      }
      storeFirst(row + <usize>c * 4, acc, width - c);
    }
  }
}

/**
 * For each gradient range of this part: partial[q] = Σ over its samples of dW (then dB after
 * filters·kh·kw values, when `bias`), and dx[n] += the input gradient of its samples.
 */
export function depthwiseBackward(
  part: i32,
  parts: i32,
  window: usize,
  filters: i32,
  batch: i32,
  x: usize,
  dy: usize,
  weight: usize,
  partials: usize,
  bias: bool,
  dx: usize, // 0: none
  scratch: usize,
  stride: usize,
): void {
  const g = changetype<Window>(window);
  const multiplier = filters / g.channels;
  const rows = g.kernelH * g.kernelW;
  const plane = scratch + <usize>part * stride;
  const dPlane = plane + <usize>planeFloats(g) * 4;
  const outPlane = <usize>g.outH * g.outW * 4;
  const partialBytes = <usize>filters * (rows + 1) * 4;
  zeroRun(plane, planeFloats(g));
  // D's zeros are written once; padDy writes dy's cells only.
  if (dx) zeroRun(dPlane, dyPlaneFloats(g));
  for (let q = part; q < GRADIENT_PARTS; q += parts) {
    const dW = partials + <usize>q * partialBytes;
    const dB = dW + <usize>filters * rows * 4;
    memory.fill(dW, 0, partialBytes);
    const n1 = partStart(batch, q + 1, GRADIENT_PARTS);
    for (let n = partStart(batch, q, GRADIENT_PARTS); n < n1; n++) {
      const xn = x + <usize>n * imageBytes(g);
      const dyn = dy + <usize>n * filters * outPlane;
      for (let c = 0; c < g.channels; c++) {
        pad(g, xn, c, plane);
        const dxc = dx + <usize>n * imageBytes(g) + <usize>c * g.height * g.width * 4;
        for (let j = 0; j < multiplier; j++) {
          const f = c * multiplier + j;
          const d = dyn + <usize>f * outPlane;
          const db = bias ? dB + <usize>f * 4 : 0;
          const w = weight + <usize>(f * rows) * 4;
          weightGradientPlane(g, plane, d, dW + <usize>(f * rows) * 4, db);
          if (!dx) continue;
          padDy(g, d, dPlane);
          if (is3x3(g)) inputGradientGather3x3(g, dPlane, w, dxc);
          else if (rowsGather(g)) gatherRows(g, dPlane, w, dxc);
          else inputGradientGather(g, dPlane, w, dxc);
        }
      }
    }
  }
}
