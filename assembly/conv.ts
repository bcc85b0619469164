import { addBias, sumRows } from './elementwise';
import { gemm, gemmDotNT, gemmScratchBytes, useDot } from './gemm';
import { partStart } from './parts';
import { col2im, im2col, Window } from './window';

// Convolution over a batch as im2col + GEMM per sample, mirroring the reference's order. The
// forward splits the samples between parts; the backward gives each part some filters' weight
// and bias gradients (summed over every sample, in sample order) and some samples' input
// gradient, so no output is summed across parts. A part's scratch is scratch + part·stride:
// GEMM packing, then (backward) one sample's column gradient.

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
    const col = cols + <usize>n * colBytes;
    const out = y + <usize>n * outBytes;
    im2col(g, x + <usize>n * inBytes, col);
    gemm(filters, positions, rows, weight, rows, 1, col, positions, 1, out, false, mine);
    if (bias) addBias(filters, positions, bias, out);
  }
}

export function conv2dBackward(
  part: i32,
  parts: i32,
  window: usize,
  filters: i32,
  batch: i32,
  dy: usize,
  cols: usize,
  weight: usize,
  dWeight: usize,
  dBias: usize, // 0: none
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
  const mine = scratch + <usize>part * stride;

  // dweight[f0..f1, C·kh·kw] += dy[n][f0..f1, P] · cols[n]ᵀ, dbias[f0..f1] += Σ rows of dy[n]
  const f0 = partStart(filters, part, parts);
  const count = partStart(filters, part + 1, parts) - f0;
  const dot = useDot(filters, 1, 1);
  const dW = dWeight + <usize>f0 * rows * 4;
  for (let n = 0; count > 0 && n < batch; n++) {
    const d = dy + <usize>n * outBytes + <usize>f0 * positions * 4;
    const col = cols + <usize>n * colBytes;
    if (dot) gemmDotNT(count, rows, positions, d, col, dW, true, mine);
    else gemm(count, rows, positions, d, positions, 1, col, 1, positions, dW, true, mine);
    if (dBias) sumRows(count, positions, d, dBias + <usize>f0 * 4);
  }

  // dx[n] += col2im(weightᵀ · dy[n]) for this part's samples
  if (!dx) return;
  const dCol = mine + gemmScratchBytes();
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    const d = dy + <usize>n * outBytes;
    gemm(rows, positions, filters, weight, 1, rows, d, positions, 1, dCol, false, mine);
    col2im(g, dCol, dx + <usize>n * inBytes);
  }
}
