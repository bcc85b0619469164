import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import { poolStride, type PoolConfig } from '../../layers/pooling';
import type { LayerType, NodeSpec } from '../../model/types';
import type { ExportGraph } from '../source';
import { float, int, ints, type Attribute } from './proto';

// One converter per layer type: the ONNX operators (NCHW, as the engine) that compute the node.
// Tensors are named after the nodes: a node's output is its id, a weight `<id>.<name>`, an
// intermediate `<id>/<role>`.

export interface OnnxContext {
  graph: ExportGraph;
  /** Appends an operator. */
  op(type: string, name: string, inputs: string[], output: string, attributes?: Attribute[]): void;
  /** Adds the node's weight as an initializer and returns its tensor name. */
  weight(nodeId: string, name: string): string;
  /** Adds a constant float32 initializer and returns its name. */
  constant(name: string, dims: number[], values: Float32Array): string;
}

type Converter = (node: NodeSpec, ctx: OnnxContext) => void;

const inputOf = (node: NodeSpec, ctx: OnnxContext) => ctx.graph.inputsOf(node.id)[0];

/** Where conv2d or dense writes: the node's output, or `<id>/linear` before a fused activation. */
const linearOutput = (node: NodeSpec, activation: string) =>
  activation === 'none' ? node.id : `${node.id}/linear`;

/** The fused activation of conv2d or dense, from `<id>/linear` to the node's output. */
function activate(node: NodeSpec, activation: string, ctx: OnnxContext): void {
  if (activation === 'none') return;
  const [type, attributes] = ACTIVATIONS[activation];
  ctx.op(type, `${node.id}/${activation}`, [linearOutput(node, activation)], node.id, attributes);
}

const ACTIVATIONS: Record<string, [string, Attribute[]]> = {
  relu: ['Relu', []],
  leakyrelu: ['LeakyRelu', [float('alpha', 0.01)]],
  tanh: ['Tanh', []],
  sigmoid: ['Sigmoid', []],
  softmax: ['Softmax', [int('axis', 1)]],
};

function elementwise(
  type: string,
  attributes: (node: NodeSpec) => Attribute[] = () => [],
): Converter {
  return (node, ctx) => ctx.op(type, node.id, [inputOf(node, ctx)], node.id, attributes(node));
}

function pooling(type: 'MaxPool' | 'AveragePool'): Converter {
  return (node, ctx) => {
    const c = node.config as PoolConfig;
    const [ph, pw] = c.padding;
    const attributes = [
      ints('kernel_shape', c.poolSize),
      ints('strides', poolStride(c)),
      ints('pads', [ph, pw, ph, pw]),
    ];
    // MaxPool never picks a padded cell, as the contract says; AveragePool must count them.
    if (type === 'AveragePool') attributes.push(int('count_include_pad', 1));
    ctx.op(type, node.id, [inputOf(node, ctx)], node.id, attributes);
  };
}

export const converters: Record<LayerType, Converter> = {
  // The graph input itself carries the node's id.
  input: () => {},
  conv2d(node, ctx) {
    const c = node.config as Conv2dConfig;
    const [ph, pw] = convPadding(c);
    const inputs = [inputOf(node, ctx), ctx.weight(node.id, 'weight')];
    if (c.useBias) inputs.push(ctx.weight(node.id, 'bias'));
    ctx.op('Conv', node.id, inputs, linearOutput(node, c.activation), [
      ints('kernel_shape', c.kernelSize),
      ints('strides', c.stride),
      ints('pads', [ph, pw, ph, pw]),
      ints('dilations', c.dilation),
      int('group', 1),
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
  flatten: elementwise('Flatten', () => [int('axis', 1)]),
  dense(node, ctx) {
    const c = node.config as DenseConfig;
    const inputs = [inputOf(node, ctx), ctx.weight(node.id, 'weight')];
    if (c.useBias) inputs.push(ctx.weight(node.id, 'bias'));
    // y = x · Wᵀ + b with W kept [U, F].
    ctx.op('Gemm', node.id, inputs, linearOutput(node, c.activation), [int('transB', 1)]);
    activate(node, c.activation, ctx);
  },
  relu: elementwise('Relu'),
  tanh: elementwise('Tanh'),
  sigmoid: elementwise('Sigmoid'),
  softmax: elementwise('Softmax', () => [int('axis', 1)]),
  leakyrelu: elementwise('LeakyRelu', (n) => [
    float('alpha', (n.config as { alpha: number }).alpha),
  ]),
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
  add(node, ctx) {
    // Left to right, as the engine sums: ((x₀ + x₁) + x₂) + …
    const [first, ...rest] = ctx.graph.inputsOf(node.id);
    let sum = first;
    rest.forEach((x, i) => {
      const out = i === rest.length - 1 ? node.id : `${node.id}/sum${i + 1}`;
      ctx.op('Add', out, [sum, x], out);
      sum = out;
    });
  },
  concat: (node, ctx) =>
    ctx.op('Concat', node.id, ctx.graph.inputsOf(node.id), node.id, [int('axis', 1)]),
};
