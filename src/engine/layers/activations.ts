import * as v from 'valibot';
import { LEAKY_RELU_SLOPE } from '../math/activations';
import { sizeOf } from '../model/format';
import { activationRun, type ActivationKind } from './activation';
import { ShapeError, type LayerDef } from './layer';
import { realNumber, settings } from './params';
import { quote } from '../quote';

// The standalone activation layers: same shape in and out, math in activation.ts.

function elementwise(
  kind: Exclude<ActivationKind, 'softmax' | 'leakyrelu'>,
  title: string,
  description: string,
): LayerDef<Record<string, never>> {
  return {
    type: kind,
    group: 'Activation',
    title,
    description,
    arity: 'one',
    params: settings({}),
    required: [],
    keepsChannels: true,
    keepsClasses: true,
    outputShape: (_c, [input]) => input.shape,
    create: (_c, [input], _output, { kernels }) => activationRun(kind, 0, sizeOf(input), kernels),
  };
}

export const relu = elementwise(
  'relu',
  'ReLU',
  'max(0, x): keeps positive values, zeroes the rest.',
);
export const tanh = elementwise('tanh', 'Tanh', 'Squashes values into (−1, 1).');
export const sigmoid = elementwise('sigmoid', 'Sigmoid', 'Squashes values into (0, 1).');
export const relu6 = elementwise(
  'relu6',
  'ReLU6',
  'min(max(0, x), 6): ReLU capped at 6, robust in low precision (MobileNet).',
);
export const silu = elementwise(
  'silu',
  'SiLU (swish)',
  'x · sigmoid(x): a smooth ReLU that lets small negatives through (EfficientNet).',
);
export const gelu = elementwise(
  'gelu',
  'GELU',
  'x · Φ(x), weighting each value by how likely it is to be positive (ConvNeXt).',
);

// A slope of at most 1 either way never enlarges a value, so a finite input gives a finite output.
const leakyParams = settings({
  alpha: v.optional(
    realNumber('must be a number from -1 to 1', (a) => a >= -1 && a <= 1),
    LEAKY_RELU_SLOPE,
  ),
});

export const leakyrelu: LayerDef<v.InferOutput<typeof leakyParams>> = {
  type: 'leakyrelu',
  group: 'Activation',
  title: 'Leaky ReLU',
  description: 'Like ReLU, but negative values keep a small slope alpha.',
  arity: 'one',
  params: leakyParams,
  required: [],
  keepsChannels: true,
  keepsClasses: true,
  outputShape: (_c, [input]) => input.shape,
  caption: (c) => `α ${c.alpha}`,
  create: (c, [input], _output, { kernels }) =>
    activationRun('leakyrelu', c.alpha, sizeOf(input), kernels),
};

export const softmax: LayerDef<Record<string, never>> = {
  type: 'softmax',
  group: 'Activation',
  title: 'Softmax',
  description: 'Turns scores into probabilities that sum to 1.',
  arity: 'one',
  params: settings({}),
  required: [],
  // It mixes the channels into probabilities, so a reader behind it no longer sees the input's.
  keepsChannels: false,
  keepsClasses: true,
  outputShape(_c, [input]) {
    if (input.shape.length !== 1) {
      throw new ShapeError(
        `softmax needs a flat input but ${quote(input.id)} gives an image; insert a Flatten before it`,
      );
    }
    return input.shape;
  },
  create: (_c, [input], _output, { kernels }) => activationRun('softmax', 0, input[0], kernels),
};
