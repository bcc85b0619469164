import * as v from 'valibot';
import type { WindowGeometry } from '../kernels';
import type { LayerDef, WeightSpec } from './layer';
import { activation, intOrPair, settings, useBias, wholeNumber, type Pair } from './params';
import { formatPair, requireImage, windowGeometry, windowReceptiveField } from './window';

// conv2d: cross-correlation of x[N, C, H, W] with weight[F, C, kh, kw] (+ bias[F]) → y[N, F, H', W'].
// The kernels do it per sample as col[C·kh·kw, P] = im2col(x), y[F, P] = weight · col; P = H'·W'.

const params = settings({
  filters: wholeNumber(1, 4096),
  kernelSize: intOrPair(1),
  stride: v.optional(intOrPair(1), 1),
  padding: v.optional(
    v.union(
      [v.picklist(['same', 'valid']), intOrPair(0)],
      'must be "same", "valid", a whole number from 0 to 4096 or a pair [h, w] of them',
    ),
    'valid',
  ),
  dilation: v.optional(intOrPair(1), 1),
  useBias,
  activation: activation(['none', 'relu', 'leakyrelu', 'tanh', 'sigmoid']),
});

export type Conv2dConfig = v.InferOutput<typeof params>;

/** Padding per side: "same" keeps the size at stride 1 with an odd effective kernel. */
export function convPadding(c: Conv2dConfig): Pair {
  if (c.padding === 'valid') return [0, 0];
  if (c.padding === 'same') {
    return [
      Math.floor((c.dilation[0] * (c.kernelSize[0] - 1)) / 2),
      Math.floor((c.dilation[1] * (c.kernelSize[1] - 1)) / 2),
    ];
  }
  return c.padding;
}

function geometryOf(c: Conv2dConfig, input: number[]): WindowGeometry {
  return windowGeometry(input, c.kernelSize, c.stride, convPadding(c), c.dilation, 'kernelSize');
}

export const conv2d: LayerDef<Conv2dConfig> = {
  type: 'conv2d',
  group: 'Convolution',
  title: 'Conv 2D',
  description: 'Slides learned filters over the image; each filter makes one feature map.',
  arity: 'one',
  params,
  required: ['filters', 'kernelSize'],
  outputShape(c, [input]) {
    requireImage('conv2d', input);
    const g = geometryOf(c, input.shape);
    return [c.filters, g.outH, g.outW];
  },
  weights(c, [input]) {
    const fanIn = input[0] * c.kernelSize[0] * c.kernelSize[1];
    const specs: WeightSpec[] = [
      {
        name: 'weight',
        shape: [c.filters, input[0], c.kernelSize[0], c.kernelSize[1]],
        trainable: true,
        init: 'he',
        fanIn,
      },
    ];
    if (c.useBias)
      specs.push({ name: 'bias', shape: [c.filters], trainable: true, init: 'zeros', fanIn });
    return specs;
  },
  macs(c, [input], output) {
    return c.filters * input[0] * c.kernelSize[0] * c.kernelSize[1] * output[1] * output[2];
  },
  receptiveField(c, [rf]) {
    return windowReceptiveField(rf, c.kernelSize, c.stride, c.dilation);
  },
  caption(c) {
    const pad = typeof c.padding === 'string' ? c.padding : `p${formatPair(c.padding)}`;
    const dil = c.dilation[0] > 1 || c.dilation[1] > 1 ? ` · d${formatPair(c.dilation)}` : '';
    return `${c.filters} · ${c.kernelSize[0]}×${c.kernelSize[1]} · s${formatPair(c.stride)} · ${pad}${dil}`;
  },
  create(c, [input], _output, { kernels }) {
    const g = geometryOf(c, input);
    return {
      forward({ batch, inputs: [x], output: y, weights }) {
        const bias = weights.bias ?? null;
        kernels.conv2dForward(g, c.filters, batch, x, weights.weight, bias, y);
      },
      backward({ batch, inputs: [x], dOutput: dy, dInputs: [dx], weights, dWeights }) {
        const dBias = dWeights.bias ?? null;
        kernels.conv2dBackward(
          g,
          c.filters,
          batch,
          x,
          dy,
          weights.weight,
          dWeights.weight,
          dBias,
          dx,
        );
      },
    };
  },
};
