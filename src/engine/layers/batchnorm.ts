import * as v from 'valibot';
import type { BatchnormStep } from '../kernels';
import { sizeOf } from '../model/format';
import type { LayerDef } from './layer';
import { epsilon, realNumber, settings } from './params';

// batchnorm over x[N, C, S] (S = H·W for images, 1 for vectors), one statistic per channel C;
// its math is the kernels' (kernels/reference/batchnorm.ts).

const params = settings({
  momentum: v.optional(
    realNumber('must be a number in [0, 1]', (m) => m >= 0 && m <= 1),
    0.1,
  ),
  epsilon: epsilon(1e-5),
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
  keepsChannels: true,
  keepsClasses: true,
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
  // x̂, the normalised input.
  kept: (_c, [input]) => sizeOf(input),
  create(c, [input], _output, { kernels }) {
    const step: BatchnormStep = {
      channels: input[0],
      spatial: input.length === 3 ? input[1] * input[2] : 1,
      batch: 0,
      training: false,
      momentum: c.momentum,
      epsilon: c.epsilon,
    };
    const sample = step.channels * step.spatial;
    const invStd = kernels.newFloat64(step.channels);
    let xHat = kernels.newFloat32(0); // [N, C, S], the normalised input kept for backward
    return {
      forward({ batch, training, inputs: [x], output: y, weights }) {
        if (xHat.length < batch * sample) xHat = kernels.newFloat32(batch * sample);
        step.batch = batch;
        step.training = training;
        const { gamma, beta, runningMean, runningVar } = weights;
        kernels.batchnormForward(step, x, y, xHat, gamma, beta, runningMean, runningVar, invStd);
      },
      backward({ batch, dOutput: dy, dInputs: [dx], weights, dWeights }) {
        // The statistics backward differentiates are those the last forward used.
        step.batch = batch;
        kernels.batchnormBackward(
          step,
          dy,
          xHat,
          weights.gamma,
          invStd,
          dWeights.gamma,
          dWeights.beta,
          dx,
        );
      },
    };
  },
};
