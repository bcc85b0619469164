import * as v from 'valibot';
import type { WindowGeometry } from '../kernels';
import type { LayerDef, WeightSpec } from './layer';
import { ShapeError } from './layer';
import {
  ACTIVATIONS,
  activation,
  intOrPair,
  settings,
  useBias,
  wholeNumber,
  type Pair,
} from './params';
import type { ActivationName } from '../model/types';
import { formatPair, requireImage, windowGeometry, windowReceptiveField } from './window';

// conv2d: cross-correlation of x[N, C, H, W] with weight[F, C/G, kh, kw] (+ bias[F]) → y[N, F, H', W'].
// With G groups, group g's F/G filters see only its C/G channels (G = C: depthwise). The kernels
// do each group per sample as col[C/G·kh·kw, P] = im2col(x), y[F/G, P] = weight · col; P = H'·W'.

const params = v.pipe(
  settings({
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
    groups: v.optional(wholeNumber(1, 4096), 1),
    useBias,
    activation: activation(
      ACTIVATIONS.filter((a): a is Exclude<ActivationName, 'softmax'> => a !== 'softmax'),
    ),
  }),
  v.forward(
    v.check(
      (c) => c.filters % c.groups === 0,
      (issue) => {
        const filters = (issue.input as { filters: number }).filters;
        return `must divide the ${filters} filters (${divisors(filters).join(', ')})`;
      },
    ),
    ['groups'],
  ),
);

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

/** The divisors of n, ascending. */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    small.push(d);
    if (d * d !== n) large.unshift(n / d);
  }
  return [...small, ...large];
}

/** The group counts that fit `channels` inputs and `filters` outputs. */
export function possibleGroups(channels: number, filters: number): number[] {
  return divisors(channels).filter((d) => filters % d === 0);
}

function listWords(values: number[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export const conv2d: LayerDef<Conv2dConfig> = {
  type: 'conv2d',
  group: 'Convolution',
  title: 'Conv 2D',
  description:
    'Slides learned filters over the image; each filter makes one feature map. With groups, each filter sees its group of channels (depthwise: one).',
  arity: 'one',
  params,
  required: ['filters', 'kernelSize'],
  keepsChannels: false,
  keepsClasses: false,
  outputShape(c, [input]) {
    const [channels] = requireImage('conv2d', input);
    if (channels % c.groups !== 0) {
      const fits = listWords(possibleGroups(channels, c.filters));
      throw new ShapeError(
        `groups ${c.groups} does not divide ${channels} input channels: use ${fits}`,
        'groups',
      );
    }
    const g = geometryOf(c, input.shape);
    return [c.filters, g.outH, g.outW];
  },
  weights(c, [input]) {
    const perGroup = input[0] / c.groups;
    const fanIn = perGroup * c.kernelSize[0] * c.kernelSize[1];
    const specs: WeightSpec[] = [
      {
        name: 'weight',
        shape: [c.filters, perGroup, c.kernelSize[0], c.kernelSize[1]],
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
    const perGroup = input[0] / c.groups;
    return c.filters * perGroup * c.kernelSize[0] * c.kernelSize[1] * output[1] * output[2];
  },
  receptiveField(c, [rf]) {
    return windowReceptiveField(rf, c.kernelSize, c.stride, c.dilation);
  },
  caption(c) {
    const pad = typeof c.padding === 'string' ? c.padding : `p${formatPair(c.padding)}`;
    const dil = c.dilation[0] > 1 || c.dilation[1] > 1 ? ` · d${formatPair(c.dilation)}` : '';
    const groups = c.groups > 1 ? ` · g${c.groups}` : '';
    return `${c.filters} · ${c.kernelSize[0]}×${c.kernelSize[1]} · s${formatPair(c.stride)} · ${pad}${dil}${groups}`;
  },
  create(c, [input], _output, { kernels }) {
    const g = geometryOf(c, input);
    return {
      forward({ batch, inputs: [x], output: y, weights }) {
        const bias = weights.bias ?? null;
        kernels.conv2dForward(g, c.filters, c.groups, batch, x, weights.weight, bias, y);
      },
      backward({ batch, inputs: [x], dOutput: dy, dInputs: [dx], weights, dWeights }) {
        const dBias = dWeights.bias ?? null;
        kernels.conv2dBackward(
          g,
          c.filters,
          c.groups,
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
