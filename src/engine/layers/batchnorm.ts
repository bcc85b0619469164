import * as v from 'valibot';
import type { LayerDef } from './layer';
import { realNumber, settings } from './params';

// batchnorm over x[N, C, S] (S = H·W for images, 1 for vectors), one statistic per channel C.
// Training: batch mean and biased variance over M = N·S values; running statistics move by
// `momentum` toward the batch's, with the unbiased variance. Inference: the running statistics.

const params = settings({
  momentum: v.optional(
    realNumber('must be a number in [0, 1]', (m) => m >= 0 && m <= 1),
    0.1,
  ),
  epsilon: v.optional(
    realNumber('must be a number > 0', (e) => e > 0),
    1e-5,
  ),
});

export type BatchnormConfig = v.InferOutput<typeof params>;

export const batchnorm: LayerDef<BatchnormConfig> = {
  type: 'batchnorm',
  group: 'Regularisation',
  title: 'Batch norm',
  description: 'Normalises each channel to zero mean and unit variance, then scales and shifts.',
  arity: 'one',
  params,
  required: [],
  outputShape: (_c, [input]) => input.shape,
  weights(_c, [input]) {
    const channels = [input[0]];
    return [
      { name: 'gamma', shape: channels, trainable: true, init: 'ones' },
      { name: 'beta', shape: channels, trainable: true, init: 'zeros' },
      { name: 'runningMean', shape: channels, trainable: false, init: 'zeros' },
      { name: 'runningVar', shape: channels, trainable: false, init: 'ones' },
    ];
  },
  caption: (c) => `momentum ${c.momentum}`,
  create(c, [input]) {
    const channels = input[0];
    const spatial = input.length === 3 ? input[1] * input[2] : 1; // S
    const sample = channels * spatial;
    const invStd = new Float64Array(channels);
    let xHat = new Float32Array(0); // [N, C, S], normalised input kept for backward
    let trainedLast = false;
    return {
      forward({ batch, training, inputs: [x], output: y, weights }) {
        const { gamma, beta, runningMean, runningVar } = weights;
        const n = batch * sample;
        if (xHat.length < n) xHat = new Float32Array(n);
        trainedLast = training;
        const count = batch * spatial; // M
        for (let ch = 0; ch < channels; ch++) {
          let mean: number;
          let variance: number;
          if (training) {
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
            runningMean[ch] = (1 - c.momentum) * runningMean[ch] + c.momentum * mean;
            runningVar[ch] = (1 - c.momentum) * runningVar[ch] + c.momentum * unbiased;
          } else {
            mean = runningMean[ch];
            variance = runningVar[ch];
          }
          const inv = 1 / Math.sqrt(variance + c.epsilon);
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
      },
      backward({ batch, dOutput: dy, dInputs: [dx], weights, dWeights }) {
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
          dWeights.gamma[ch] += sumDyXHat;
          dWeights.beta[ch] += sumDy;
          if (!dx) continue;
          const scale = weights.gamma[ch] * invStd[ch];
          for (let b = 0; b < batch; b++) {
            const start = b * sample + ch * spatial;
            for (let i = start; i < start + spatial; i++) {
              // Batch statistics depend on x too: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
              dx[i] += trainedLast
                ? scale * (dy[i] - sumDy / count - (xHat[i] * sumDyXHat) / count)
                : scale * dy[i];
            }
          }
        }
      },
    };
  },
};
