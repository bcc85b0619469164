import * as v from 'valibot';
import { sizeOf } from '../model/format';
import type { LayerDef } from './layer';
import { realNumber, settings } from './params';

// dropout: inverted dropout. In training each value is kept with probability 1 − rate and scaled
// by 1 / (1 − rate); mask[N·size] keeps that factor (0 or the scale) for backward. Identity in inference.

const params = settings({
  rate: v.optional(
    realNumber('must be a number in [0, 1)', (r) => r >= 0 && r < 1),
    0.5,
  ),
});

export type DropoutConfig = v.InferOutput<typeof params>;

export const dropout: LayerDef<DropoutConfig> = {
  type: 'dropout',
  group: 'Regularisation',
  title: 'Dropout',
  description: 'While training, zeroes a random share of values so no unit is relied on alone.',
  arity: 'one',
  params,
  required: [],
  keepsChannels: true,
  keepsClasses: true,
  outputShape: (_c, [input]) => input.shape,
  caption: (c) => `rate ${c.rate}`,
  // The mask of the last training batch.
  kept: (_c, [input]) => sizeOf(input),
  create(c, [input], _output, { kernels }) {
    const size = sizeOf(input);
    const scale = 1 / (1 - c.rate);
    let mask = kernels.newFloat32(0);
    let masked = false;
    return {
      forward({ batch, training, inputs: [x], output: y, random }) {
        const n = batch * size;
        masked = training && c.rate > 0;
        if (!masked) {
          for (let i = 0; i < n; i++) y[i] = x[i];
          return;
        }
        if (mask.length < n) mask = kernels.newFloat32(n);
        for (let i = 0; i < n; i++) {
          mask[i] = random.float() < c.rate ? 0 : scale;
          y[i] = x[i] * mask[i];
        }
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (!dx) return;
        const n = batch * size;
        if (masked) for (let i = 0; i < n; i++) dx[i] += dy[i] * mask[i];
        else for (let i = 0; i < n; i++) dx[i] += dy[i];
      },
    };
  },
};
