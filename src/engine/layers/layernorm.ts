import * as v from 'valibot';
import { sizeOf } from '../model/format';
import type { LayerDef } from './layer';
import { epsilon, settings } from './params';

// layernorm over x[N, C, S] (S = H·W for images, 1 for vectors): at each sample and position, the
// C values (an image's channels, ConvNeXt's channels-first LayerNorm; a vector's features) are
// normalised with their mean and biased variance, then scaled by gamma[C] and shifted by beta[C].
// The same in training and inference; no running statistics.

const params = settings({
  epsilon: epsilon(1e-5),
});

export type LayernormConfig = v.InferOutput<typeof params>;

export const layernorm: LayerDef<LayernormConfig> = {
  type: 'layernorm',
  group: 'Regularisation',
  title: 'Layer norm',
  description:
    'Normalises the channels at each position (the features of a vector), then scales and shifts.',
  arity: 'one',
  params,
  required: [],
  keepsChannels: true,
  keepsClasses: true,
  outputShape: (_c, [input]) => input.shape,
  weights(_c, [input]) {
    const channels = [input[0]];
    return [
      { name: 'gamma', shape: channels, trainable: true, init: 'ones' },
      { name: 'beta', shape: channels, trainable: true, init: 'zeros' },
    ];
  },
  caption: (c) => `ε ${c.epsilon}`,
  // x̂, and 1/σ at each position in float64 (two values' room).
  kept: (_c, [input]) => sizeOf(input) + 2 * (input.length === 3 ? input[1] * input[2] : 1),
  create(c, [input], _output, { kernels }) {
    const channels = input[0]; // C
    const spatial = input.length === 3 ? input[1] * input[2] : 1; // S
    const sample = channels * spatial;
    // Kept from forward for backward: x̂[N, C, S] and 1/σ[N, S].
    let xHat = kernels.newFloat32(0);
    let invStd = kernels.newFloat64(0);
    // dγ, dβ summed over the batch in f64 before they are added to the float32 gradients.
    const sumDyXHat = new Float64Array(channels);
    const sumDy = new Float64Array(channels);
    return {
      forward({ batch, inputs: [x], output: y, weights: { gamma, beta } }) {
        if (xHat.length < batch * sample) {
          xHat = kernels.newFloat32(batch * sample);
          invStd = kernels.newFloat64(batch * spatial);
        }
        for (let n = 0; n < batch; n++) {
          for (let s = 0; s < spatial; s++) {
            const start = n * sample + s; // x[n, 0, s]; channel c at start + c·S
            const end = start + sample;
            let sum = 0;
            for (let i = start; i < end; i += spatial) sum += x[i];
            const mean = sum / channels;
            let sq = 0;
            for (let i = start; i < end; i += spatial) sq += (x[i] - mean) * (x[i] - mean);
            const inv = 1 / Math.sqrt(sq / channels + c.epsilon);
            invStd[n * spatial + s] = inv;
            for (let i = start, ch = 0; i < end; i += spatial, ch++) {
              const h = (x[i] - mean) * inv;
              xHat[i] = h;
              y[i] = gamma[ch] * h + beta[ch];
            }
          }
        }
      },
      backward({ batch, dOutput: dy, dInputs: [dx], weights: { gamma }, dWeights }) {
        sumDyXHat.fill(0);
        sumDy.fill(0);
        for (let n = 0; n < batch; n++) {
          for (let s = 0; s < spatial; s++) {
            const start = n * sample + s;
            const end = start + sample;
            // With g = dy·γ: dx = (g − mean(g) − x̂·mean(g·x̂)) / σ, the position's statistics
            // depending on every one of its channels.
            let sumG = 0;
            let sumGXHat = 0;
            for (let i = start, ch = 0; i < end; i += spatial, ch++) {
              const g = dy[i] * gamma[ch];
              sumG += g;
              sumGXHat += g * xHat[i];
              sumDyXHat[ch] += dy[i] * xHat[i];
              sumDy[ch] += dy[i];
            }
            if (!dx) continue;
            const meanG = sumG / channels;
            const meanGXHat = sumGXHat / channels;
            const inv = invStd[n * spatial + s];
            for (let i = start, ch = 0; i < end; i += spatial, ch++) {
              dx[i] += inv * (dy[i] * gamma[ch] - meanG - xHat[i] * meanGXHat);
            }
          }
        }
        for (let ch = 0; ch < channels; ch++) {
          dWeights.gamma[ch] += sumDyXHat[ch];
          dWeights.beta[ch] += sumDy[ch];
        }
      },
    };
  },
};
