import { directForward, directOk, directScratchBytes, directWeightGradient } from './direct';
import { addBias, sumRows } from './elementwise';
import { gemm, gemmDotNT, gemmScratchBytes, useDot } from './gemm';
import { partStart } from './parts';
import { col2im, columnRows, im2col, imageBytes, Window } from './window';

// Convolution over a batch, per sample. Stride 1 and dilation 1 go the direct way (direct.ts:
// no columns at all); other windows build one sample's columns in scratch with im2col, in the
// forward and again in the backward. Nothing of batch size is kept between the two: columns for
// a whole batch are megabytes that would go through memory twice.
//
// The forward splits samples between parts. The backward sums the weight and bias gradients
// over GRADIENT_PARTS fixed ranges of samples, each into its own partial buffer, and then adds
// the partials in order (conv2dGradientSum): threads take whole ranges, so one thread or several
// give the same bits. The input gradient dx[n] = col2im(weightᵀ·dy[n]) is split by samples.
//
// Scratch of part p, at scratch + p·stride (convScratchBytes): GEMM packing, one sample's column
// gradient, then either one sample's columns or the direct path's scratch.

export const GRADIENT_PARTS = 4;

/** Bytes of one sample's columns, [C·kh·kw, outH·outW]. */
// @ts-ignore: decorator
@inline
function columnBytes(g: Window): usize {
  return <usize>columnRows(g) * g.outH * g.outW * 4;
}

/** Bytes of scratch one part needs for this convolution. */
export function convScratchBytes(window: usize, filters: i32): usize {
  const g = changetype<Window>(window);
  const columns = columnBytes(g);
  const rest = directOk(g) ? directScratchBytes(window, filters) : columns;
  return gemmScratchBytes() + columns + rest;
}

export function conv2dForward(
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
  const rows = columnRows(g);
  const positions = g.outH * g.outW;
  const mine = scratch + <usize>part * stride;
  const own = mine + gemmScratchBytes() + columnBytes(g);
  const n0 = partStart(batch, part, parts);
  const n1 = partStart(batch, part + 1, parts);
  if (directOk(g)) {
    directForward(g, filters, n0, n1, x, weight, bias, y, own);
    return;
  }
  const inBytes = imageBytes(g);
  const outBytes = <usize>filters * positions * 4;
  for (let n = n0; n < n1; n++) {
    const out = y + <usize>n * outBytes;
    im2col(g, x + <usize>n * inBytes, own);
    gemm(filters, positions, rows, weight, rows, 1, own, positions, 1, out, positions, false, mine);
    if (bias) addBias(filters, positions, bias, out);
  }
}

/**
 * For each gradient range of this part: partial[q] = Σ over its samples of dy[n]·colᵀ (and the
 * rows of dy[n] for the bias, when `bias`), and dx[n] += col2im(weightᵀ·dy[n]) for its samples.
 * partial[q] holds filters·rows weight gradients, then filters bias gradients.
 */
export function conv2dBackward(
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
  const rows = columnRows(g);
  const positions = g.outH * g.outW;
  const inBytes = imageBytes(g);
  const outBytes = <usize>filters * positions * 4;
  const partialBytes = <usize>filters * (rows + 1) * 4;
  const mine = scratch + <usize>part * stride;
  const dCol = mine + gemmScratchBytes();
  const own = dCol + columnBytes(g);
  const direct = directOk(g);
  const dot = useDot(filters, 1, 1);
  const p = positions;
  for (let q = part; q < GRADIENT_PARTS; q += parts) {
    const dW = partials + <usize>q * partialBytes;
    const dB = dW + <usize>filters * rows * 4;
    memory.fill(dW, 0, partialBytes);
    const n0 = partStart(batch, q, GRADIENT_PARTS);
    const n1 = partStart(batch, q + 1, GRADIENT_PARTS);
    if (direct) directWeightGradient(g, filters, n0, n1, x, dy, dW, own, mine);
    for (let n = n0; n < n1; n++) {
      const d = dy + <usize>n * outBytes;
      if (!direct) {
        // dweight[F, C·kh·kw] += dy[F, P] · colᵀ
        im2col(g, x + <usize>n * inBytes, own);
        if (dot) gemmDotNT(filters, rows, positions, d, own, dW, rows, true, mine);
        else gemm(filters, rows, p, d, p, 1, own, 1, p, dW, rows, true, mine);
      }
      if (bias) sumRows(filters, positions, d, dB);
      if (dx) {
        // dcol[C·kh·kw, P] = weightᵀ · dy, folded back onto the image.
        gemm(rows, p, filters, weight, 1, rows, d, p, 1, dCol, p, false, mine);
        col2im(g, dCol, dx + <usize>n * inBytes);
      }
    }
  }
}

/** dWeight and dBias += the partials of conv2dBackward, in range order; split by element. */
export function conv2dGradientSum(
  part: i32,
  parts: i32,
  filters: i32,
  rows: i32,
  partials: usize,
  dWeight: usize,
  dBias: usize, // 0: none
): void {
  const weights = filters * rows;
  const count = dBias ? weights + filters : weights;
  const partialBytes = <usize>filters * (rows + 1) * 4;
  const end = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < end; i++) {
    const at = i < weights ? dWeight + <usize>i * 4 : dBias + <usize>(i - weights) * 4;
    let sum = load<f32>(partials + <usize>i * 4);
    for (let q = 1; q < GRADIENT_PARTS; q++) {
      sum += load<f32>(partials + <usize>q * partialBytes + <usize>i * 4);
    }
    store<f32>(at, load<f32>(at) + sum);
  }
}

/** Floats of partial gradients conv2dBackward needs. */
export function conv2dPartialFloats(filters: i32, rows: i32): i32 {
  return GRADIENT_PARTS * filters * (rows + 1);
}
