import type { Conv2dBackward, Conv2dForward, WindowGeometry } from '../types';
import { gemmNN, gemmNT, gemmTN } from './gemm';

// Convolution as the layers once ran it, sample by sample and group by group: im2col, one GEMM,
// col2im. The order of every sum is kept, so results stay bit for bit.

function im2col(
  g: WindowGeometry,
  x: Float32Array,
  xOff: number,
  col: Float32Array,
  colOff: number,
): void {
  const positions = g.outH * g.outW;
  let row = colOff;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = xOff + ch * g.height * g.width;
    for (let ki = 0; ki < g.kernelH; ki++) {
      for (let kj = 0; kj < g.kernelW; kj++) {
        let o = row;
        for (let oy = 0; oy < g.outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki * g.dilationH;
          const inRow = iy >= 0 && iy < g.height;
          for (let ox = 0; ox < g.outW; ox++) {
            const ix = ox * g.strideW - g.padW + kj * g.dilationW;
            col[o++] = inRow && ix >= 0 && ix < g.width ? x[plane + iy * g.width + ix] : 0;
          }
        }
        row += positions;
      }
    }
  }
}

function col2im(
  g: WindowGeometry,
  col: Float32Array,
  colOff: number,
  dx: Float32Array,
  dxOff: number,
): void {
  const positions = g.outH * g.outW;
  let row = colOff;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = dxOff + ch * g.height * g.width;
    for (let ki = 0; ki < g.kernelH; ki++) {
      for (let kj = 0; kj < g.kernelW; kj++) {
        let o = row;
        for (let oy = 0; oy < g.outH; oy++) {
          const iy = oy * g.strideH - g.padH + ki * g.dilationH;
          if (iy < 0 || iy >= g.height) {
            o += g.outW;
            continue;
          }
          for (let ox = 0; ox < g.outW; ox++, o++) {
            const ix = ox * g.strideW - g.padW + kj * g.dilationW;
            if (ix >= 0 && ix < g.width) dx[plane + iy * g.width + ix] += col[o];
          }
        }
        row += positions;
      }
    }
  }
}

/** y[r, 0..cols) += bias[bOff + r], rows from yOff. */
function addBias(
  rows: number,
  cols: number,
  bias: Float32Array,
  bOff: number,
  y: Float32Array,
  yOff: number,
) {
  for (let r = 0; r < rows; r++) {
    const b = bias[bOff + r];
    const start = yOff + r * cols;
    for (let i = start; i < start + cols; i++) y[i] += b;
  }
}

/** sums[sOff + r] += Σ y[r, 0..cols), rows from yOff. */
function sumRows(
  rows: number,
  cols: number,
  y: Float32Array,
  yOff: number,
  sums: Float32Array,
  sOff: number,
) {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const start = yOff + r * cols;
    for (let i = start; i < start + cols; i++) sum += y[i];
    sums[sOff + r] += sum;
  }
}

export interface Convolution {
  conv2dForward: Conv2dForward;
  conv2dBackward: Conv2dBackward;
}

/**
 * The convolution kernels with scratch of their own (one sample's columns and their gradient,
 * grown to the largest shape asked): one per kernels object, so networks never share it.
 */
export function createConvolution(): Convolution {
  let col = new Float32Array(0);
  let dCol = new Float32Array(0);

  /** One group's window (C/G channels), the layout of every offset below. */
  const groupOf = (g: WindowGeometry, groups: number): WindowGeometry =>
    groups === 1 ? g : { ...g, channels: g.channels / groups };

  const conv2dForward: Conv2dForward = (g, filters, groups, batch, x, weight, bias, y) => {
    const gg = groupOf(g, groups);
    const perGroup = filters / groups; // F/G
    const rows = gg.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const groupIn = gg.channels * g.height * g.width;
    const groupOut = perGroup * positions;
    if (col.length < rows * positions) col = new Float32Array(rows * positions);
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < groups; k++) {
        const yOff = (n * groups + k) * groupOut;
        im2col(gg, x, (n * groups + k) * groupIn, col, 0);
        gemmNN(perGroup, positions, rows, weight, k * perGroup * rows, col, 0, y, yOff, false);
        if (bias) addBias(perGroup, positions, bias, k * perGroup, y, yOff);
      }
    }
  };

  const conv2dBackward: Conv2dBackward = (
    g,
    filters,
    groups,
    batch,
    x,
    dy,
    weight,
    dWeight,
    dBias,
    dx,
  ) => {
    const gg = groupOf(g, groups);
    const perGroup = filters / groups;
    const rows = gg.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const groupIn = gg.channels * g.height * g.width;
    const groupOut = perGroup * positions;
    if (col.length < rows * positions) col = new Float32Array(rows * positions);
    if (dCol.length < rows * positions) dCol = new Float32Array(rows * positions);
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < groups; k++) {
        const dyOff = (n * groups + k) * groupOut;
        const xOff = (n * groups + k) * groupIn;
        const wOff = k * perGroup * rows;
        // dweight[F/G, C/G·kh·kw] += dy[F/G, P] · colᵀ
        im2col(gg, x, xOff, col, 0);
        gemmNT(perGroup, rows, positions, dy, dyOff, col, 0, dWeight, wOff, true);
        if (dBias) sumRows(perGroup, positions, dy, dyOff, dBias, k * perGroup);
        if (dx) {
          // dcol[C/G·kh·kw, P] = weightᵀ · dy, folded back onto the image.
          gemmTN(rows, positions, perGroup, weight, wOff, dy, dyOff, dCol, 0, false);
          col2im(gg, dCol, 0, dx, xOff);
        }
      }
    }
  };

  return { conv2dForward, conv2dBackward };
}
