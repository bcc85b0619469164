import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import type { Pair } from '../../layers/params';
import { poolStride, type PoolConfig } from '../../layers/pooling';
import { formatPair } from '../../layers/window';
import type { LayerType, NodeSpec } from '../../model/types';
import { ExportError } from '../errors';
import { convToHwio, transpose } from '../layout';
import { kerasPadding, type Window } from './padding';
import type { TfjsContext } from './topology';

// One converter per layer type: the Keras layers (channels-last) that compute what the node
// computes, named after the node, with auxiliary layers named `<node>.<role>`.

type Converter = (node: NodeSpec, ctx: TfjsContext) => string;

const CHANNELS_LAST = { data_format: 'channels_last' };

/** Keras' name for an activation, or null for leaky ReLU, which Keras has only as a layer. */
function kerasActivation(activation: string): string | null {
  if (activation === 'none') return 'linear';
  return activation === 'leakyrelu' ? null : activation;
}

function inputOf(node: NodeSpec, ctx: TfjsContext): string {
  return ctx.graph.inputsOf(node.id)[0];
}

/** The node's input as a Keras layer, behind a ZeroPadding2D when the padding needs one. */
function padded(node: NodeSpec, ctx: TfjsContext, zeroPad: [Pair, Pair] | null): string {
  const x = ctx.output(inputOf(node, ctx));
  if (!zeroPad) return x;
  return ctx.layer(
    'ZeroPadding2D',
    `${ctx.nameOf(node.id)}.pad`,
    { padding: zeroPad, ...CHANNELS_LAST },
    [x],
  );
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
  // TensorFlow convolves with strides or with dilations, not both: stride 1, then keep every s-th.
  const strided = Math.max(...c.stride) > 1 && Math.max(...c.dilation) > 1;
  const stride: Pair = strided ? [1, 1] : c.stride;
  const pad = kerasPadding(
    windowOf(node, ctx, c.kernelSize, stride, c.dilation, convPadding(c)),
    true,
  );
  const channels = ctx.shapeOf(inputOf(node, ctx))[0];
  let x = ctx.layer(
    'Conv2D',
    name,
    {
      filters: c.filters,
      kernel_size: c.kernelSize,
      strides: stride,
      padding: pad.padding,
      dilation_rate: c.dilation,
      activation: kerasActivation(c.activation) ?? 'linear',
      use_bias: c.useBias,
      ...CHANNELS_LAST,
    },
    [padded(node, ctx, pad.zeroPad)],
  );
  const shape = [c.filters, channels, c.kernelSize[0], c.kernelSize[1]];
  const [kh, kw] = c.kernelSize;
  ctx.weight(
    `${name}/kernel`,
    [kh, kw, channels, c.filters],
    convToHwio(ctx.graph.network.tensor(node.id, 'weight'), shape),
  );
  if (c.useBias) ctx.weight(`${name}/bias`, [c.filters], ctx.graph.network.tensor(node.id, 'bias'));
  if (strided) {
    x = ctx.layer(
      'MaxPooling2D',
      `${name}.stride`,
      { pool_size: [1, 1], strides: c.stride, padding: 'valid', ...CHANNELS_LAST },
      [x],
    );
  }
  return c.activation === 'leakyrelu' ? leaky(`${name}.act`, 0.01, x, ctx) : x;
};

function pooling(className: 'MaxPooling2D' | 'AveragePooling2D'): Converter {
  return (node, ctx) => {
    const c = node.config as PoolConfig;
    const stride = poolStride(c);
    // Keras "same" averages over real cells only; the contract counts padded zeros.
    const average = className === 'AveragePooling2D';
    const pad = kerasPadding(windowOf(node, ctx, c.poolSize, stride, [1, 1], c.padding), !average);
    const source = inputOf(node, ctx);
    if (!average && pad.zeroPad && !ctx.nonNegative.has(source)) {
      throw new ExportError(
        `node "${node.id}" (maxpool2d): TensorFlow.js cannot pad this max pool (padding ${formatPair(c.padding)}) exactly: ` +
          `Keras pads with zeros, which would beat negative values of "${source}". ` +
          'Put a ReLU before it, or use padding 0.',
        node.id,
      );
    }
    return ctx.layer(
      className,
      ctx.nameOf(node.id),
      { pool_size: c.poolSize, strides: stride, padding: pad.padding, ...CHANNELS_LAST },
      [padded(node, ctx, pad.zeroPad)],
    );
  };
}

const dense: Converter = (node, ctx) => {
  const c = node.config as DenseConfig;
  const name = ctx.nameOf(node.id);
  const features = ctx.shapeOf(inputOf(node, ctx))[0];
  const x = ctx.layer(
    'Dense',
    name,
    { units: c.units, activation: kerasActivation(c.activation) ?? 'linear', use_bias: c.useBias },
    [ctx.output(inputOf(node, ctx))],
  );
  const weight = ctx.graph.network.tensor(node.id, 'weight');
  ctx.weight(`${name}/kernel`, [features, c.units], transpose(weight, c.units, features));
  if (c.useBias) ctx.weight(`${name}/bias`, [c.units], ctx.graph.network.tensor(node.id, 'bias'));
  return c.activation === 'leakyrelu' ? leaky(`${name}.act`, 0.01, x, ctx) : x;
};

const flatten: Converter = (node, ctx) => {
  let x = ctx.output(inputOf(node, ctx));
  // Keras flattens HWC (h·W·C + w·C + c); the contract flattens CHW. Back to CHW first.
  if (ctx.shapeOf(inputOf(node, ctx)).length === 3) {
    x = ctx.layer('Permute', `${ctx.nameOf(node.id)}.chw`, { dims: [3, 1, 2] }, [x]);
  }
  return ctx.layer('Flatten', ctx.nameOf(node.id), {}, [x]);
};

function activation(name: string): Converter {
  return (node, ctx) =>
    ctx.layer('Activation', ctx.nameOf(node.id), { activation: name }, [
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
  add: merge('Add', {}),
  // Channels are the last axis for images (HWC) and vectors alike.
  concat: merge('Concatenate', { axis: -1 }),
};
