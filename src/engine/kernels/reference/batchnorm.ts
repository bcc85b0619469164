import type { BatchnormStep } from '../types';

// Batch norm over x[N, C, S] (S = H·W for images, 1 for vectors), one statistic per channel.
// Training: batch mean and biased variance over M = N·S values; the running statistics move by
// `momentum` toward the batch's, with the unbiased variance. Inference: the running statistics.
// Sums in double precision, each as four partial sums by a value's position in its row mod 4,
// combined (s0 + s1) + (s2 + s3): the fast kernels' two f64x2 accumulators, so that they give
// these bits while summing without a chain of dependent adds. The per-value passes (x̂ and y, dx)
// in float32, each operation rounded (f32x4 lanes in the fast kernels, no fused multiply-add),
// from the statistics rounded once. x̂ and 1/σ are kept for backward.

const f32 = Math.fround;

/** Σ f(i) over the channel's values at `first + b·sample`, as the fast kernels add them. */
function channelSum(
  batch: number,
  sample: number,
  first: number,
  spatial: number,
  f: (i: number) => number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let b = 0; b < batch; b++) {
    const start = b * sample + first;
    for (let i = 0; i < spatial; i += 4) {
      s0 += f(start + i);
      if (i + 1 < spatial) s1 += f(start + i + 1);
      if (i + 2 < spatial) s2 += f(start + i + 2);
      if (i + 3 < spatial) s3 += f(start + i + 3);
    }
  }
  return s0 + s1 + (s2 + s3);
}

export function batchnormForward(
  s: BatchnormStep,
  x: Float32Array,
  y: Float32Array,
  xHat: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  runningMean: Float32Array,
  runningVar: Float32Array,
  invStd: Float64Array,
): void {
  const { channels, spatial, batch, momentum } = s;
  const sample = channels * spatial;
  const count = batch * spatial; // M
  for (let ch = 0; ch < channels; ch++) {
    let mean: number;
    let variance: number;
    if (s.training) {
      const first = ch * spatial;
      mean = channelSum(batch, sample, first, spatial, (i) => x[i]) / count;
      const m = mean;
      const sq = channelSum(batch, sample, first, spatial, (i) => (x[i] - m) * (x[i] - m));
      variance = sq / count;
      // A single value has no unbiased variance; keep the biased one rather than write NaN.
      const unbiased = count > 1 ? sq / (count - 1) : variance;
      runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean;
      runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * unbiased;
    } else {
      mean = runningMean[ch];
      variance = runningVar[ch];
    }
    const inv = 1 / Math.sqrt(variance + s.epsilon);
    invStd[ch] = inv;
    const g = gamma[ch];
    const bt = beta[ch];
    const m32 = f32(mean);
    const inv32 = f32(inv);
    for (let b = 0; b < batch; b++) {
      const start = b * sample + ch * spatial;
      for (let i = start; i < start + spatial; i++) {
        const h = f32(f32(x[i] - m32) * inv32);
        xHat[i] = h;
        y[i] = f32(g * h) + bt;
      }
    }
  }
}

/** dγ += Σ dy·x̂, dβ += Σ dy, and dx += its gradient where dx is given. */
export function batchnormBackward(
  s: BatchnormStep,
  dy: Float32Array,
  xHat: Float32Array,
  gamma: Float32Array,
  invStd: Float64Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
  dx: Float32Array | null,
): void {
  const { channels, spatial, batch } = s;
  const sample = channels * spatial;
  const count = batch * spatial;
  for (let ch = 0; ch < channels; ch++) {
    const first = ch * spatial;
    const sumDy = channelSum(batch, sample, first, spatial, (i) => dy[i]);
    const sumDyXHat = channelSum(batch, sample, first, spatial, (i) => dy[i] * xHat[i]);
    dGamma[ch] += sumDyXHat;
    dBeta[ch] += sumDy;
    if (!dx) continue;
    const scale = f32(gamma[ch] * invStd[ch]);
    // Batch statistics depend on x too: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
    const meanDy = f32(sumDy / count);
    const meanDyXHat = f32(sumDyXHat / count);
    for (let b = 0; b < batch; b++) {
      const start = b * sample + first;
      for (let i = start; i < start + spatial; i++) {
        const d = s.training ? f32(f32(dy[i] - meanDy) - f32(xHat[i] * meanDyXHat)) : dy[i];
        dx[i] += f32(scale * d);
      }
    }
  }
}
