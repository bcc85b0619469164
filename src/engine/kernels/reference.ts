import type { AdamStep, ElementwiseActivation, Kernels, SgdStep, WindowGeometry } from './types';

// Straightforward loops: the oracle every faster kernel is tested against, and the fallback.

function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    if (!accumulate) c.fill(0, ci, ci + n);
    for (let p = 0; p < k; p++) {
      const aip = a[aOff + i * k + p];
      if (aip === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

function gemmTN(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let p = 0; p < k; p++) {
    const ap = aOff + p * m;
    const bp = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i];
      if (api === 0) continue;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
    }
  }
}

function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[ai + p] * b[bj + p];
      const ci = cOff + i * n + j;
      c[ci] = accumulate ? c[ci] + sum : sum;
    }
  }
}

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

function avgPoolImage(
  g: WindowGeometry,
  x: Float32Array,
  xOff: number,
  y: Float32Array,
  yOff: number,
): void {
  const divisor = g.kernelH * g.kernelW;
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
        y[o++] = sum / divisor;
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
  const divisor = g.kernelH * g.kernelW;
  let o = dyOff;
  for (let ch = 0; ch < g.channels; ch++) {
    const plane = dxOff + ch * g.height * g.width;
    for (let oy = 0; oy < g.outH; oy++) {
      const y0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < g.outW; ox++) {
        const x0 = ox * g.strideW - g.padW;
        const share = dy[o++] / divisor;
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

function activation(
  kind: ElementwiseActivation,
  alpha: number,
  n: number,
  x: Float32Array,
  y: Float32Array,
): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
      return;
  }
}

function activationBackward(
  kind: ElementwiseActivation,
  alpha: number,
  n: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (x[i] > 0) dx[i] += dy[i];
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) dx[i] += x[i] > 0 ? dy[i] : alpha * dy[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] += dy[i] * (1 - y[i] * y[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dx[i] += dy[i] * y[i] * (1 - y[i]);
      return;
  }
}

/** y[r, 0..cols) += bias[r], rows from yOff. */
function addBias(rows: number, cols: number, bias: Float32Array, y: Float32Array, yOff: number) {
  for (let r = 0; r < rows; r++) {
    const b = bias[r];
    const start = yOff + r * cols;
    for (let i = start; i < start + cols; i++) y[i] += b;
  }
}

/** sums[r] += Σ y[r, 0..cols), rows from yOff. */
function sumRows(rows: number, cols: number, y: Float32Array, yOff: number, sums: Float32Array) {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const start = yOff + r * cols;
    for (let i = start; i < start + cols; i++) sum += y[i];
    sums[r] += sum;
  }
}

// The per-sample loops the layers once ran, kept in their order so results stay bit for bit.

/** One sample's columns and their gradient, grown once per shape. */
let colScratch = new Float32Array(0);
let dColScratch = new Float32Array(0);

function conv2dForward(
  g: WindowGeometry,
  filters: number,
  batch: number,
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
): void {
  const rows = g.channels * g.kernelH * g.kernelW;
  const positions = g.outH * g.outW;
  const inSize = g.channels * g.height * g.width;
  const outSize = filters * positions;
  if (colScratch.length < rows * positions) colScratch = new Float32Array(rows * positions);
  for (let n = 0; n < batch; n++) {
    im2col(g, x, n * inSize, colScratch, 0);
    gemmNN(filters, positions, rows, weight, 0, colScratch, 0, y, n * outSize, false);
    if (bias) addBias(filters, positions, bias, y, n * outSize);
  }
}

function conv2dBackward(
  g: WindowGeometry,
  filters: number,
  batch: number,
  x: Float32Array,
  dy: Float32Array,
  weight: Float32Array,
  dWeight: Float32Array,
  dBias: Float32Array | null,
  dx: Float32Array | null,
): void {
  const rows = g.channels * g.kernelH * g.kernelW;
  const positions = g.outH * g.outW;
  const inSize = g.channels * g.height * g.width;
  const outSize = filters * positions;
  if (colScratch.length < rows * positions) colScratch = new Float32Array(rows * positions);
  if (dColScratch.length < rows * positions) dColScratch = new Float32Array(rows * positions);
  for (let n = 0; n < batch; n++) {
    const dyOff = n * outSize;
    // dweight[F, C·kh·kw] += dy[F, P] · colᵀ
    im2col(g, x, n * inSize, colScratch, 0);
    gemmNT(filters, rows, positions, dy, dyOff, colScratch, 0, dWeight, 0, true);
    if (dBias) sumRows(filters, positions, dy, dyOff, dBias);
    if (dx) {
      // dcol[C·kh·kw, P] = weightᵀ · dy, folded back onto the image.
      gemmTN(rows, positions, filters, weight, 0, dy, dyOff, dColScratch, 0, false);
      col2im(g, dColScratch, 0, dx, n * inSize);
    }
  }
}

function maxPool(
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

function maxPoolBackward(
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

function avgPool(g: WindowGeometry, batch: number, x: Float32Array, y: Float32Array): void {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++) avgPoolImage(g, x, n * inSize, y, n * outSize);
}

function avgPoolBackward(g: WindowGeometry, batch: number, dy: Float32Array, dx: Float32Array) {
  const inSize = g.channels * g.height * g.width;
  const outSize = g.channels * g.outH * g.outW;
  for (let n = 0; n < batch; n++) avgPoolBackwardImage(g, dy, n * outSize, dx, n * inSize);
}

// Optimizer steps in JavaScript numbers, rounding only what is stored: the WebAssembly kernels
// compute in f64 and round at the same places, to the same bits.

function sgdUpdate(
  n: number,
  p: Float32Array,
  g: Float32Array,
  velocity: Float32Array,
  s: SgdStep,
) {
  const { learningRate, momentum, weightDecay, nesterov, first } = s;
  for (let i = 0; i < n; i++) {
    let d = g[i] + weightDecay * p[i];
    if (momentum > 0) {
      const b = first ? d : momentum * velocity[i] + d;
      velocity[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] -= learningRate * d;
  }
}

function adamUpdate(
  n: number,
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: AdamStep,
) {
  const { l2, shrink, beta1, beta2, stepSize, correction2, epsilon } = s;
  for (let i = 0; i < n; i++) {
    const grad = g[i] + l2 * p[i];
    m[i] = beta1 * m[i] + (1 - beta1) * grad;
    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
    p[i] = p[i] * shrink - (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2 + epsilon);
  }
}

export const referenceKernels: Kernels = {
  name: 'reference',
  newFloat32: (length) => new Float32Array(length),
  newInt32: (length) => new Int32Array(length),
  zero: (x, n) => void x.fill(0, 0, n),
  gemmNN,
  gemmTN,
  gemmNT,
  conv2dForward,
  conv2dBackward,
  maxPool,
  maxPoolBackward,
  avgPool,
  avgPoolBackward,
  activation,
  activationBackward,
  sgdUpdate,
  adamUpdate,
};
