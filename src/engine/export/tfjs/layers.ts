import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import type { LayernormConfig } from '../../layers/layernorm';
import type { Pair } from '../../layers/params';
import { LEAKY_RELU_SLOPE } from '../../math/activations';
import type { ActivationName, LayerType, NodeSpec } from '../../model/types';
import { blockDiagonal, convToHwio, transpose } from '../weightLayout';
import { CHANNELS_LAST, kerasPadding, zeroPadded, type Window } from './padding';
import { pooling } from './pooling';
import type { TfjsContext } from './topology';

// One converter per layer type: the Keras layers (channels-last) that compute what the node
// computes, named after the node, with auxiliary layers named `<node>.<role>`. Where Keras has
// no such layer the node is lowered exactly to ones it has: a grouped convolution is a full one
// with block-diagonal (zero) weights, an image scaled by a vector multiplies a [1, 1, C] reshape.

type Converter = (node: NodeSpec, ctx: TfjsContext) => string;

/** Keras' activation for each of ours; leaky ReLU is a layer there (null). SiLU is its swish. */
const KERAS_ACTIVATIONS: Record<ActivationName, string | null> = {
  none: 'linear',
  relu: 'relu',
  leakyrelu: null,
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  relu6: 'relu6',
  silu: 'swish',
  gelu: 'gelu',
  softmax: 'softmax',
};

function inputOf(node: NodeSpec, ctx: TfjsContext): string {
  return ctx.graph.inputsOf(node.id)[0];
}

function windowOf(
  node: NodeSpec,
  ctx: TfjsContext,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
  pad: Pair,
): Window {
  const [, h, w] = ctx.shapeOf(inputOf(node, ctx));
  return { size: [h, w], kernel, stride, dilation, pad };
}

function leaky(name: string, alpha: number, x: string, ctx: TfjsContext): string {
  return ctx.layer('LeakyReLU', name, { alpha }, [x]);
}

const conv2d: Converter = (node, ctx) => {
  const c = node.config as Conv2dConfig;
  const name = ctx.nameOf(node.id);
  const channels = ctx.shapeOf(inputOf(node, ctx))[0];
  const [kh, kw] = c.kernelSize;
  const dilated = Math.max(...c.dilation) > 1;
  // DepthwiseConv2D is groups = C (tfjs-layers ignores its dilation); any other grouping is a
  // Conv2D whose kernel is zero between groups, which adds exact zeros.
  const depthwise = c.groups > 1 && c.groups === channels && !dilated;
  // TensorFlow convolves with strides or with dilations, not both: stride 1, then keep every s-th.
  const strided = Math.max(...c.stride) > 1 && dilated;
  const stride: Pair = strided ? [1, 1] : c.stride;
  const pad = kerasPadding(windowOf(node, ctx, c.kernelSize, stride, c.dilation, convPadding(c)));
  const common = {
    kernel_size: c.kernelSize,
    strides: stride,
    padding: pad.padding,
    activation: KERAS_ACTIVATIONS[c.activation] ?? 'linear',
    use_bias: c.useBias,
    ...CHANNELS_LAST,
  };
  const x = zeroPadded(ctx, name, ctx.output(inputOf(node, ctx)), pad.zeroPad);
  const weight = ctx.graph.network.tensor(node.id, 'weight');
  const perGroup = channels / c.groups;
  let y: string;
  if (depthwise) {
    const multiplier = c.filters / channels;
    y = ctx.layer('DepthwiseConv2D', name, { ...common, depth_multiplier: multiplier }, [x]);
    // Filter f = c·m + j sees channel c, where Keras keeps [kh, kw, C, m]: HWIO of [F, 1, kh, kw].
    ctx.weight(
      `${name}/depthwise_kernel`,
      [kh, kw, channels, multiplier],
      convToHwio(weight, [c.filters, 1, kh, kw]),
    );
  } else {
    y = ctx.layer('Conv2D', name, { ...common, filters: c.filters, dilation_rate: c.dilation }, [
      x,
    ]);
    const full =
      c.groups > 1 ? blockDiagonal(weight, [c.filters, perGroup, kh, kw], c.groups) : weight;
    ctx.weight(
      `${name}/kernel`,
      [kh, kw, channels, c.filters],
      convToHwio(full, [c.filters, channels, kh, kw]),
    );
  }
  if (c.useBias) ctx.weight(`${name}/bias`, [c.filters], ctx.graph.network.tensor(node.id, 'bias'));
  if (strided) {
    y = ctx.layer(
      'MaxPooling2D',
      `${name}.stride`,
      { pool_size: [1, 1], strides: c.stride, padding: 'valid', ...CHANNELS_LAST },
      [y],
    );
  }
  return c.activation === 'leakyrelu' ? leaky(`${name}.act`, LEAKY_RELU_SLOPE, y, ctx) : y;
};

const dense: Converter = (node, ctx) => {
  const c = node.config as DenseConfig;
  const name = ctx.nameOf(node.id);
  const features = ctx.shapeOf(inputOf(node, ctx))[0];
  const x = ctx.layer(
    'Dense',
    name,
    {
      units: c.units,
      activation: KERAS_ACTIVATIONS[c.activation] ?? 'linear',
      use_bias: c.useBias,
    },
    [ctx.output(inputOf(node, ctx))],
  );
  const weight = ctx.graph.network.tensor(node.id, 'weight');
  ctx.weight(`${name}/kernel`, [features, c.units], transpose(weight, c.units, features));
  if (c.useBias) ctx.weight(`${name}/bias`, [c.units], ctx.graph.network.tensor(node.id, 'bias'));
  return c.activation === 'leakyrelu' ? leaky(`${name}.act`, LEAKY_RELU_SLOPE, x, ctx) : x;
};

const flatten: Converter = (node, ctx) => {
  let x = ctx.output(inputOf(node, ctx));
  // Keras flattens HWC (h·W·C + w·C + c); the contract flattens CHW. Back to CHW first.
  if (ctx.shapeOf(inputOf(node, ctx)).length === 3) {
    x = ctx.layer('Permute', `${ctx.nameOf(node.id)}.chw`, { dims: [3, 1, 2] }, [x]);
  }
  return ctx.layer('Flatten', ctx.nameOf(node.id), {}, [x]);
};

function activation(kind: Exclude<ActivationName, 'none' | 'leakyrelu'>): Converter {
  return (node, ctx) =>
    ctx.layer('Activation', ctx.nameOf(node.id), { activation: KERAS_ACTIVATIONS[kind] }, [
      ctx.output(inputOf(node, ctx)),
    ]);
}

function merge(className: 'Add' | 'Concatenate', config: Record<string, unknown>): Converter {
  return (node, ctx) =>
    ctx.layer(className, ctx.nameOf(node.id), config, ctx.graph.inputsOf(node.id).map(ctx.output));
}

export const converters: Record<LayerType, Converter> = {
  input(node, ctx) {
    const [c, h, w] = ctx.shapeOf(node.id);
    return ctx.layer(
      'InputLayer',
      ctx.nameOf(node.id),
      { batch_input_shape: [null, h, w, c], dtype: 'float32', sparse: false },
      [],
    );
  },
  conv2d,
  maxpool2d: pooling('MaxPooling2D'),
  avgpool2d: pooling('AveragePooling2D'),
  globalavgpool: (node, ctx) =>
    ctx.layer('GlobalAveragePooling2D', ctx.nameOf(node.id), CHANNELS_LAST, [
      ctx.output(inputOf(node, ctx)),
    ]),
  flatten,
  dense,
  relu: activation('relu'),
  tanh: activation('tanh'),
  sigmoid: activation('sigmoid'),
  relu6: activation('relu6'),
  silu: activation('silu'),
  gelu: activation('gelu'),
  softmax: activation('softmax'),
  leakyrelu: (node, ctx) =>
    leaky(
      ctx.nameOf(node.id),
      (node.config as { alpha: number }).alpha,
      ctx.output(inputOf(node, ctx)),
      ctx,
    ),
  dropout: (node, ctx) =>
    ctx.layer('Dropout', ctx.nameOf(node.id), { rate: (node.config as DropoutConfig).rate }, [
      ctx.output(inputOf(node, ctx)),
    ]),
  batchnorm(node, ctx) {
    const c = node.config as BatchnormConfig;
    const name = ctx.nameOf(node.id);
    const x = ctx.layer(
      'BatchNormalization',
      name,
      // Keras' momentum is the share the running statistics keep: 1 − the contract's.
      { axis: -1, momentum: 1 - c.momentum, epsilon: c.epsilon, center: true, scale: true },
      [ctx.output(inputOf(node, ctx))],
    );
    const net = ctx.graph.network;
    const size = [ctx.shapeOf(node.id)[0]];
    ctx.weight(`${name}/gamma`, size, net.tensor(node.id, 'gamma'));
    ctx.weight(`${name}/beta`, size, net.tensor(node.id, 'beta'));
    ctx.weight(`${name}/moving_mean`, size, net.tensor(node.id, 'runningMean'));
    ctx.weight(`${name}/moving_variance`, size, net.tensor(node.id, 'runningVar'));
    return x;
  },
  layernorm(node, ctx) {
    const { epsilon } = node.config as LayernormConfig;
    const name = ctx.nameOf(node.id);
    // Channels are the last axis for images (HWC) and vectors alike, where Keras normalises.
    const x = ctx.layer(
      'LayerNormalization',
      name,
      { axis: -1, epsilon, center: true, scale: true },
      [ctx.output(inputOf(node, ctx))],
    );
    const net = ctx.graph.network;
    const size = [ctx.shapeOf(node.id)[0]];
    ctx.weight(`${name}/gamma`, size, net.tensor(node.id, 'gamma'));
    ctx.weight(`${name}/beta`, size, net.tensor(node.id, 'beta'));
    return x;
  },
  add: merge('Add', {}),
  multiply(node, ctx) {
    const name = ctx.nameOf(node.id);
    const out = ctx.shapeOf(node.id);
    // A vector [C] scaling an image's channels is reshaped to [1, 1, C], which broadcasts over
    // H and W. Keras multiplies in input order, as the engine does.
    const inputs = ctx.graph
      .inputsOf(node.id)
      .map((id, k) =>
        ctx.shapeOf(id).length === out.length
          ? ctx.output(id)
          : ctx.layer('Reshape', `${name}.scale${k + 1}`, { target_shape: [1, 1, out[0]] }, [
              ctx.output(id),
            ]),
      );
    return ctx.layer('Multiply', name, {}, inputs);
  },
  // Channels are the last axis for images (HWC) and vectors alike.
  concat: merge('Concatenate', { axis: -1 }),
};
