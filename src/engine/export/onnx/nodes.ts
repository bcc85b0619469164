import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import type { LayernormConfig } from '../../layers/layernorm';
import { LEAKY_RELU_SLOPE } from '../../math/activations';
import type { ActivationName, LayerType, NodeSpec } from '../../model/types';
import type { Converter, OnnxContext } from './context';
import { pooling } from './pooling';
import { float, int, ints, type Attribute } from './proto';

// One converter per layer type: the ONNX operators (NCHW, as the engine) that compute the node.
// Opset 13 has no Gelu, Silu or LayerNormalization, so those are written from primitives in the
// patterns PyTorch's exporter writes, which importers (ours included) recognise.

type Activation = Exclude<ActivationName, 'none'>;

/** Writes an activation from tensor `x` into tensor `out`; its other tensors are named under `scope`. */
type ActivationWriter = (
  x: string,
  out: string,
  scope: string,
  ctx: OnnxContext,
  alpha: number,
) => void;

const scalar = (ctx: OnnxContext, scope: string, name: string, value: number) =>
  ctx.constant(`${scope}.${name}`, [], Float32Array.of(value));

const single =
  (type: string, attributes: (alpha: number) => Attribute[] = () => []) =>
  (x: string, out: string, scope: string, ctx: OnnxContext, alpha: number) =>
    ctx.op(type, scope, [x], out, attributes(alpha));

const ACTIVATIONS: Record<Activation, ActivationWriter> = {
  relu: single('Relu'),
  leakyrelu: single('LeakyRelu', (alpha) => [float('alpha', alpha)]),
  tanh: single('Tanh'),
  sigmoid: single('Sigmoid'),
  softmax: single('Softmax', () => [int('axis', 1)]),
  relu6: (x, out, scope, ctx) =>
    ctx.op('Clip', scope, [x, scalar(ctx, scope, 'min', 0), scalar(ctx, scope, 'max', 6)], out),
  silu(x, out, scope, ctx) {
    const sigmoid = `${scope}/sigmoid`;
    ctx.op('Sigmoid', sigmoid, [x], sigmoid);
    ctx.op('Mul', scope, [x, sigmoid], out);
  },
  gelu(x, out, scope, ctx) {
    // PyTorch's exact GELU, in its order: (x · (1 + erf(x / √2))) · 0.5.
    const [div, erf, plusOne, times] = ['div', 'erf', 'plus_one', 'times'].map(
      (role) => `${scope}/${role}`,
    );
    ctx.op('Div', div, [x, scalar(ctx, scope, 'sqrt2', Math.SQRT2)], div);
    ctx.op('Erf', erf, [div], erf);
    ctx.op('Add', plusOne, [erf, scalar(ctx, scope, 'one', 1)], plusOne);
    ctx.op('Mul', times, [x, plusOne], times);
    ctx.op('Mul', scope, [times, scalar(ctx, scope, 'half', 0.5)], out);
  },
};

const inputOf = (node: NodeSpec, ctx: OnnxContext) => ctx.graph.inputsOf(node.id)[0];

/** Where conv2d or dense writes: the node's output, or `<id>/linear` before a fused activation. */
const linearOutput = (node: NodeSpec, activation: ActivationName) =>
  activation === 'none' ? node.id : `${node.id}/linear`;

/** The fused activation of conv2d or dense, from `<id>/linear` to the node's output. */
function activate(node: NodeSpec, activation: ActivationName, ctx: OnnxContext): void {
  if (activation === 'none') return;
  const scope = `${node.id}/${activation}`;
  ACTIVATIONS[activation](linearOutput(node, activation), node.id, scope, ctx, LEAKY_RELU_SLOPE);
}

/** A standalone activation layer. */
function activationLayer(kind: Activation): Converter {
  return (node, ctx) => {
    const alpha = (node.config as { alpha?: number }).alpha ?? 0;
    ACTIVATIONS[kind](inputOf(node, ctx), node.id, node.id, ctx, alpha);
  };
}

/** `op` over the operands left to right, as the engine sums and multiplies: ((x₀ ∘ x₁) ∘ x₂) ∘ … */
function leftToRight(
  op: string,
  role: string,
  node: NodeSpec,
  operands: string[],
  ctx: OnnxContext,
) {
  const [first, ...rest] = operands;
  let acc = first;
  rest.forEach((x, i) => {
    const out = i === rest.length - 1 ? node.id : `${node.id}/${role}${i + 1}`;
    ctx.op(op, out, [acc, x], out);
    acc = out;
  });
}

export const converters: Record<LayerType, Converter> = {
  // The graph input itself carries the node's id.
  input: () => {},
  conv2d(node, ctx) {
    const c = node.config as Conv2dConfig;
    const [ph, pw] = convPadding(c);
    const inputs = [inputOf(node, ctx), ctx.weight(node.id, 'weight')];
    if (c.useBias) inputs.push(ctx.weight(node.id, 'bias'));
    // The weight is [filters, C/groups, kh, kw] in the engine and in ONNX alike.
    ctx.op('Conv', node.id, inputs, linearOutput(node, c.activation), [
      ints('kernel_shape', c.kernelSize),
      ints('strides', c.stride),
      ints('pads', [ph, pw, ph, pw]),
      ints('dilations', c.dilation),
      int('group', c.groups),
    ]);
    activate(node, c.activation, ctx);
  },
  maxpool2d: pooling('MaxPool'),
  avgpool2d: pooling('AveragePool'),
  globalavgpool(node, ctx) {
    // GlobalAveragePool keeps [N, C, 1, 1]; the contract's output is [N, C].
    const pooled = `${node.id}/pool`;
    ctx.op('GlobalAveragePool', pooled, [inputOf(node, ctx)], pooled);
    ctx.op('Flatten', node.id, [pooled], node.id, [int('axis', 1)]);
  },
  // NCHW flattened from axis 1 is the contract's c·H·W + h·W + w.
  flatten: (node, ctx) =>
    ctx.op('Flatten', node.id, [inputOf(node, ctx)], node.id, [int('axis', 1)]),
  dense(node, ctx) {
    const c = node.config as DenseConfig;
    const inputs = [inputOf(node, ctx), ctx.weight(node.id, 'weight')];
    if (c.useBias) inputs.push(ctx.weight(node.id, 'bias'));
    // y = x · Wᵀ + b with W kept [U, F].
    ctx.op('Gemm', node.id, inputs, linearOutput(node, c.activation), [int('transB', 1)]);
    activate(node, c.activation, ctx);
  },
  relu: activationLayer('relu'),
  tanh: activationLayer('tanh'),
  sigmoid: activationLayer('sigmoid'),
  relu6: activationLayer('relu6'),
  silu: activationLayer('silu'),
  gelu: activationLayer('gelu'),
  softmax: activationLayer('softmax'),
  leakyrelu: activationLayer('leakyrelu'),
  dropout(node, ctx) {
    // Without training_mode, ONNX Dropout is the identity, as in the engine's inference.
    const rate = (node.config as DropoutConfig).rate;
    const ratio = ctx.constant(`${node.id}.ratio`, [], Float32Array.of(rate));
    ctx.op('Dropout', node.id, [inputOf(node, ctx), ratio], node.id);
  },
  batchnorm(node, ctx) {
    const c = node.config as BatchnormConfig;
    const inputs = ['gamma', 'beta', 'runningMean', 'runningVar'].map((w) =>
      ctx.weight(node.id, w),
    );
    // ONNX's momentum is the share the running statistics keep: 1 − the contract's.
    ctx.op('BatchNormalization', node.id, [inputOf(node, ctx), ...inputs], node.id, [
      float('epsilon', c.epsilon),
      float('momentum', 1 - c.momentum),
    ]);
  },
  layernorm(node, ctx) {
    // Axis 1 holds an image's channels ([N, C, H, W]) and a vector's features ([N, F]) alike;
    // γ and β broadcast over H and W as [C, 1, 1]. PyTorch's decomposition of a layer norm.
    const { epsilon } = node.config as LayernormConfig;
    const shape = ctx.graph.shapeOf(node.id);
    const dims = shape.length === 3 ? [shape[0], 1, 1] : [shape[0]];
    const t = (role: string) => `${node.id}/${role}`;
    const mean = (x: string, out: string) =>
      ctx.op('ReduceMean', out, [x], out, [ints('axes', [1]), int('keepdims', 1)]);
    const x = inputOf(node, ctx);
    mean(x, t('mean'));
    ctx.op('Sub', t('centred'), [x, t('mean')], t('centred'));
    ctx.op('Pow', t('square'), [t('centred'), scalar(ctx, node.id, 'two', 2)], t('square'));
    mean(t('square'), t('variance'));
    const eps = scalar(ctx, node.id, 'epsilon', epsilon);
    ctx.op('Add', t('variance_eps'), [t('variance'), eps], t('variance_eps'));
    ctx.op('Sqrt', t('std'), [t('variance_eps')], t('std'));
    ctx.op('Div', t('normalized'), [t('centred'), t('std')], t('normalized'));
    const gamma = ctx.weight(node.id, 'gamma', dims);
    ctx.op('Mul', t('scaled'), [t('normalized'), gamma], t('scaled'));
    ctx.op('Add', node.id, [t('scaled'), ctx.weight(node.id, 'beta', dims)], node.id);
  },
  add: (node, ctx) => leftToRight('Add', 'sum', node, ctx.graph.inputsOf(node.id), ctx),
  multiply(node, ctx) {
    const out = ctx.graph.shapeOf(node.id);
    let shape: string | null = null;
    // A vector [N, C] scaling an image's channels is seen as [N, C, 1, 1], broadcasting over H, W.
    const operands = ctx.graph.inputsOf(node.id).map((x, k) => {
      if (ctx.graph.shapeOf(x).length === out.length) return x;
      shape ??= ctx.int64(`${node.id}.shape`, [-1, out[0], 1, 1]);
      const seen = `${node.id}/scale${k + 1}`;
      ctx.op('Reshape', seen, [x, shape], seen);
      return seen;
    });
    leftToRight('Mul', 'product', node, operands, ctx);
  },
  concat: (node, ctx) =>
    ctx.op('Concat', node.id, ctx.graph.inputsOf(node.id), node.id, [int('axis', 1)]),
};
