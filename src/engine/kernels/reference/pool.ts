import type { WindowGeometry } from '../types';

// Pooling, one image at a time over the batch.

function maxPoolImage(
  g: WindowGeometry,
  x: Float32Array,
  xOff: number,
  y: Float32Array,
  yOff: number,
  argmax: Int32Array,
  aOff: number,
): void {
  let o = 0;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = ch * g.height * g.width;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < g.outW; ox++, o++) {
        const x0 = ox * g.strideW - g.padW;
        let best = -Infinity;
        let at = -1;
        for (let ki = 0; ki < g.kernelH; ki++) {
          const iy = y0 + ki * g.dilationH;
          if (iy < 0 || iy >= g.height) continue;
          for (let kj = 0; kj < g.kernelW; kj++) {
            const ix = x0 + kj * g.dilationW;
            if (ix < 0 || ix >= g.width) continue;
            const idx = plane + iy * g.width + ix;
            const v = x[xOff + idx];
            // `!(v <= best)` also takes NaN, as PyTorch propagates it.
            if (at < 0 || !(v <= best)) {
              best = v;
              at = idx;
            }
          }
        }
        y[yOff + o] = best;
        argmax[aOff + o] = at;
      }
    }
  }
}

function maxPoolBackwardImage(
  count: number,
  dy: Float32Array,
  dyOff: number,
  argmax: Int32Array,
  aOff: number,
  dx: Float32Array,
  dxOff: number,
): void {
  for (let i = 0; i < count; i++) dx[dxOff + argmax[aOff + i]] += dy[dyOff + i];
}

/**
 * The divisor of the average window starting at (y0, x0): its cells inside the padded image, so
 * padded zeros count but a ceil-mode window's part past the padding does not (PyTorch's rule
 * with count_include_pad). In floor mode every window lies inside, and this is kh·kw.
 */
function windowCells(g: WindowGeometry, y0: number, x0: number): number {
  const rows = Math.min(y0 + g.kernelH, g.height + g.padH) - y0;
  const cols = Math.min(x0 + g.kernelW, g.width + g.padW) - x0;
  return rows * cols;
}

function avgPoolImage(
  g: WindowGeometry,
  x: Float32Array,
  xOff: number,
  y: Float32Array,
  yOff: number,
): void {
  let o = yOff;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = xOff + ch * g.height * g.width;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = ox * g.strideW - g.padW;
        let sum = 0;
        for (let ki = 0; ki < g.kernelH; ki++) {
          const iy = y0 + ki * g.dilationH;
          if (iy < 0 || iy >= g.height) continue;
          for (let kj = 0; kj < g.kernelW; kj++) {
            const ix = x0 + kj * g.dilationW;
            if (ix >= 0 && ix < g.width) sum += x[plane + iy * g.width + ix];
          }
        }
        y[o++] = sum / windowCells(g, y0, x0);
      }
    }
  }
}

function avgPoolBackwardImage(
  g: WindowGeometry,
  dy: Float32Array,
  dyOff: number,
  dx: Float32Array,
  dxOff: number,
): void {
  let o = dyOff;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = dxOff + ch * g.height * g.width;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = ox * g.strideW - g.padW;
        const share = dy[o++] / windowCells(g, y0, x0);
        for (let ki = 0; ki < g.kernelH; ki++) {
          const iy = y0 + ki * g.dilationH;
          if (iy < 0 || iy >= g.height) continue;
          for (let kj = 0; kj < g.kernelW; kj++) {
            const ix = x0 + kj * g.dilationW;
            if (ix >= 0 && ix < g.width) dx[plane + iy * g.width + ix] += share;
          }
        }
      }
    }
  }
}

export function maxPool(
  g: WindowGeometry,
  batch: number,
  x: Float32Array,
  y: Float32Array,
  argmax: Int32Array,
): void {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++)
    maxPoolImage(g, x, n * inSize, y, n * outSize, argmax, n * outSize);
}

export function maxPoolBackward(
  g: WindowGeometry,
  batch: number,
  dy: Float32Array,
  argmax: Int32Array,
  dx: Float32Array,
): void {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++)
    maxPoolBackwardImage(outSize, dy, n * outSize, argmax, n * outSize, dx, n * inSize);
}

export function avgPool(g: WindowGeometry, batch: number, x: Float32Array, y: Float32Array): void {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++) avgPoolImage(g, x, n * inSize, y, n * outSize);
}

export function avgPoolBackward(
  g: WindowGeometry,
  batch: number,
  dy: Float32Array,
  dx: Float32Array,
) {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++) avgPoolBackwardImage(g, dy, n * outSize, dx, n * inSize);
}
