import { addBias, sumRows } from './elementwise';
import { gemm, gemmDotNT, gemmScratchBytes, useDot } from './gemm';
import { partStart } from './parts';
import { col2im, im2col, Window } from './window';

// Convolution over a batch as im2col + GEMM per sample; the forward keeps every sample's
// columns for the backward. (Making them again in the backward, into cache, measured slower:
// im2col is a few thousand short row copies per sample, and costs more than the memory traffic
// it would save.) Scratch of part p at scratch + p·stride: GEMM packing, then (backward) one
// sample's column gradient.
//
// The forward splits samples between parts. The backward sums the weight and bias gradients
// over GRADIENT_PARTS fixed ranges of samples, each into its own partial buffer, and then adds
// the partials in order (conv2dGradientSum): threads take whole ranges, so one thread or several
// give the same bits.

const GRADIENT_PARTS = 4;

export function conv2dForward(
  part: i32,
  parts: i32,
  window: usize,
  filters: i32,
  batch: i32,
  x: usize,
  weight: usize,
  bias: usize, // 0: none
  cols: usize,
  y: usize,
  scratch: usize,
  stride: usize,
): void {
  const g = changetype<Window>(window);
  const rows = g.channels * g.kernelH * g.kernelW;
  const positions = g.outH * g.outW;
  const inBytes = <usize>g.channels * g.height * g.width * 4;
  const colBytes = <usize>rows * positions * 4;
  const outBytes = <usize>filters * positions * 4;
  const mine = scratch + <usize>part * stride;
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    const out = y + <usize>n * outBytes;
    const col = cols + <usize>n * colBytes;
    im2col(g, x + <usize>n * inBytes, col);
    gemm(filters, positions, rows, weight, rows, 1, col, positions, 1, out, false, mine);
    if (bias) addBias(filters, positions, bias, out);
  }
}

/**
 * For each gradient range of this part: partial[q] = Σ over its samples of dy[n]·cols[n]ᵀ (and
 * the rows of dy[n] for the bias, when `bias`), and dx[n] += col2im(weightᵀ·dy[n]) for its
 * samples. partial[q] holds filters·rows weight gradients, then filters bias gradients.
 */
export function conv2dBackward(
  part: i32,
  parts: i32,
  window: usize,
  filters: i32,
  batch: i32,
  cols: usize,
  dy: usize,
  weight: usize,
  partials: usize,
  bias: bool,
  dx: usize, // 0: none
  scratch: usize,
  stride: usize,
): void {
  const g = changetype<Window>(window);
  const rows = g.channels * g.kernelH * g.kernelW;
  const positions = g.outH * g.outW;
  const inBytes = <usize>g.channels * g.height * g.width * 4;
  const colBytes = <usize>rows * positions * 4;
  const outBytes = <usize>filters * positions * 4;
  const partialBytes = <usize>filters * (rows + 1) * 4;
  const mine = scratch + <usize>part * stride;
  const dCol = mine + gemmScratchBytes();
  const dot = useDot(filters, 1, 1);
  for (let q = part; q < GRADIENT_PARTS; q += parts) {
    const dW = partials + <usize>q * partialBytes;
    const dB = dW + <usize>filters * rows * 4;
    memory.fill(dW, 0, partialBytes);
    const end = partStart(batch, q + 1, GRADIENT_PARTS);
    for (let n = partStart(batch, q, GRADIENT_PARTS); n < end; n++) {
      const d = dy + <usize>n * outBytes;
      const col = cols + <usize>n * colBytes;
      // dweight[F, C·kh·kw] += dy[F, P] · colᵀ
      if (dot) gemmDotNT(filters, rows, positions, d, col, dW, true, mine);
      else gemm(filters, rows, positions, d, positions, 1, col, 1, positions, dW, true, mine);
      if (bias) sumRows(filters, positions, d, dB);
      if (dx) {
        // dcol[C·kh·kw, P] = weightᵀ · dy, folded back onto the image.
        gemm(rows, positions, filters, weight, 1, rows, d, positions, 1, dCol, false, mine);
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
