import type { BatchnormStep } from '../types';

// Batch norm over x[N, C, S] (S = H·W for images, 1 for vectors), one statistic per channel.
// Training: batch mean and biased variance over M = N·S values; the running statistics move by
// `momentum` toward the batch's, with the unbiased variance. Inference: the running statistics.
// Sums in double precision; x̂ and 1/σ are kept for backward.

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
      let sum = 0;
      for (let b = 0; b < batch; b++) {
        const start = b * sample + ch * spatial;
        for (let i = start; i < start + spatial; i++) sum += x[i];
      }
      mean = sum / count;
      let sq = 0;
      for (let b = 0; b < batch; b++) {
        const start = b * sample + ch * spatial;
        for (let i = start; i < start + spatial; i++) sq += (x[i] - mean) * (x[i] - mean);
      }
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
    for (let b = 0; b < batch; b++) {
      const start = b * sample + ch * spatial;
      for (let i = start; i < start + spatial; i++) {
        const h = (x[i] - mean) * inv;
        xHat[i] = h;
        y[i] = g * h + bt;
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
    let sumDy = 0;
    let sumDyXHat = 0;
    for (let b = 0; b < batch; b++) {
      const start = b * sample + ch * spatial;
      for (let i = start; i < start + spatial; i++) {
        sumDy += dy[i];
        sumDyXHat += dy[i] * xHat[i];
      }
    }
    dGamma[ch] += sumDyXHat;
    dBeta[ch] += sumDy;
    if (!dx) continue;
    const scale = gamma[ch] * invStd[ch];
    for (let b = 0; b < batch; b++) {
      const start = b * sample + ch * spatial;
      for (let i = start; i < start + spatial; i++) {
        // Batch statistics depend on x too: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
        dx[i] += s.training
          ? scale * (dy[i] - sumDy / count - (xHat[i] * sumDyXHat) / count)
          : scale * dy[i];
      }
    }
  }
}
