import type { ModelDocument, NodeDoc } from '../../src/engine/index';
import { chain } from '../engine/models';

// A model for each layer of the lineage templates, with every setting each exporter writes in a
// different way: grouped, depthwise (with a multiplier, strided, dilated) and 1×1 grouped
// convolution; ceil-mode pools whose axes round alike or differently, cut short, dropped, over
// signed and non-negative values; ReLU6, SiLU and GELU as layers and fused, on images and vectors,
// ReLU6 past its cap; layer norm of images and vectors; multiply of like shapes and of an image by
// vectors, in either order and three at a time.

type Edge = [string, string];

function graph(
  name: string,
  input: [number, number, number],
  nodes: NodeDoc[],
  edges: Edge[],
  weights: ModelDocument['weights'] = {},
): ModelDocument {
  const [channels, height, width] = input;
  return {
    format: 'cnn-studio/model',
    version: 1,
    name,
    nodes: [{ id: 'in', type: 'input', params: { channels, height, width } }, ...nodes],
    edges: edges.map(([from, to]) => ({ from, to })),
    weights,
  };
}

const conv = (id: string, params: Record<string, unknown>): NodeDoc => ({
  id,
  type: 'conv2d',
  params,
});
const layer = (id: string, type: string, params?: Record<string, unknown>): NodeDoc =>
  params ? { id, type, params } : { id, type };

function groupedConvolutions(): ModelDocument {
  return chain(
    [4, 9, 9],
    [
      conv('g2', { filters: 6, kernelSize: 3, padding: 1, groups: 2, activation: 'relu6' }),
      conv('dw', { filters: 6, kernelSize: 3, padding: 'same', groups: 6, activation: 'silu' }),
      // Depth multiplier 2, a [3, 5] kernel, stride 2 and padding Keras' "same" cannot place.
      conv('dw2', {
        filters: 12,
        kernelSize: [3, 5],
        stride: 2,
        padding: [1, 2],
        groups: 6,
        activation: 'gelu',
      }),
      conv('dwd', { filters: 12, kernelSize: 3, dilation: 2, padding: 2, groups: 12 }),
      conv('dws', {
        filters: 12,
        kernelSize: 2,
        stride: 2,
        dilation: 2,
        padding: 1,
        groups: 12,
        activation: 'leakyrelu',
      }),
      conv('g3', { filters: 6, kernelSize: 1, groups: 3, useBias: false }),
      layer('fl', 'flatten'),
      layer('f1', 'dense', { units: 5, activation: 'gelu' }),
      layer('out', 'dense', { units: 4 }),
    ],
  );
}

type Pool = [id: string, type: string, params: Record<string, unknown>, from: string];

/** Each pool in ceil mode from a signed conv or its ReLU, flattened, joined, classified. */
function pooled(name: string, input: [number, number, number], pools: Pool[]): ModelDocument {
  const nodes = [
    conv('c0', { filters: 3, kernelSize: 1 }),
    layer('r', 'relu'),
    ...pools.flatMap(([id, type, params]) => [
      layer(id, type, { ...params, ceilMode: true }),
      layer(`${id}_fl`, 'flatten'),
    ]),
    layer('cat', 'concat'),
    layer('out', 'dense', { units: 4 }),
  ];
  const edges: Edge[] = [
    ['in', 'c0'],
    ['c0', 'r'],
    ...pools.flatMap(([id, , , from]): Edge[] => [
      [from, id],
      [id, `${id}_fl`],
    ]),
    ...pools.map(([id]): Edge => [`${id}_fl`, 'cat']),
    ['cat', 'out'],
  ];
  return graph(name, input, nodes, edges);
}

/**
 * Ceil-mode pools on a 6×6 image that give an extra window, cut short, or none: max and average,
 * over signed and non-negative values, with and without padding, with a stride longer than the
 * window, with a different window per axis.
 */
function ceilPooling(): ModelDocument {
  return pooled(
    'Ceil pooling',
    [2, 6, 6],
    [
      ['mp', 'maxpool2d', { poolSize: 3, padding: 1 }, 'c0'],
      ['ap', 'avgpool2d', { poolSize: 3, padding: 1 }, 'c0'],
      ['mpr', 'maxpool2d', { poolSize: 3, stride: 2, padding: 1 }, 'r'],
      ['ap0', 'avgpool2d', { poolSize: 3, stride: 2 }, 'c0'],
      ['mpg', 'maxpool2d', { poolSize: 2, stride: 3, padding: 1 }, 'c0'],
      ['apg', 'avgpool2d', { poolSize: [3, 2], stride: 3, padding: 1 }, 'c0'],
    ],
  );
}

/**
 * Ceil-mode pools whose last window starts past the input and its padding, so is dropped (the
 * width of 5 with windows of 2, stride 2, padding 1; or of 3, stride 3), some beside an axis that
 * gains a window (the height of 6). ONNX's opset-13 shape rule knows no dropped window, so these
 * are floor mode there, and axes that round differently need end padding no importer maps back.
 */
function ceilPoolingMixed(): ModelDocument {
  return pooled(
    'Ceil pooling, mixed axes',
    [2, 6, 5],
    [
      ['mp', 'maxpool2d', { poolSize: 3, padding: 1 }, 'c0'],
      ['ap', 'avgpool2d', { poolSize: 3, padding: 1 }, 'c0'],
      ['mpr', 'maxpool2d', { poolSize: 2, padding: 1 }, 'r'],
      ['ap0', 'avgpool2d', { poolSize: 2 }, 'c0'],
      ['mpg', 'maxpool2d', { poolSize: 2, stride: 3, padding: 1 }, 'c0'],
      ['apg', 'avgpool2d', { poolSize: [3, 2], stride: 3, padding: 1 }, 'c0'],
    ],
  );
}

/** Square ceil-mode pools: an extra, cut-short window (12 → 7), none (7 → 4), no padding (4 → 2). */
function ceilPoolingSquare(): ModelDocument {
  return chain(
    [1, 12, 12],
    [
      conv('c', { filters: 2, kernelSize: 3, padding: 1, activation: 'tanh' }),
      layer('ap', 'avgpool2d', { poolSize: 3, stride: 2, padding: 1, ceilMode: true }),
      layer('mp', 'maxpool2d', { poolSize: 3, stride: 2, padding: 1, ceilMode: true }),
      layer('mp2', 'maxpool2d', { poolSize: 3, stride: 2, ceilMode: true }),
      layer('fl', 'flatten'),
      layer('out', 'dense', { units: 3 }),
    ],
  );
}

/**
 * ReLU6, SiLU and GELU as layers and fused into conv2d and dense, on images and vectors. The
 * first convolution multiplies by 8, so ReLU6 meets values past 6.
 */
function activations(): ModelDocument {
  const nodes = [
    conv('amp', { filters: 1, kernelSize: 1, useBias: false }),
    layer('r6', 'relu6'),
    layer('si', 'silu'),
    layer('ge', 'gelu'),
    conv('cr6', { filters: 2, kernelSize: 3, activation: 'relu6' }),
    conv('csi', { filters: 2, kernelSize: 3, activation: 'silu' }),
    conv('cge', { filters: 2, kernelSize: 3, activation: 'gelu' }),
    layer('cat', 'concat'),
    layer('fl', 'flatten'),
    layer('dr6', 'dense', { units: 6, activation: 'relu6' }),
    layer('dsi', 'dense', { units: 6, activation: 'silu' }),
    layer('dge', 'dense', { units: 6, activation: 'gelu' }),
    layer('vr6', 'relu6'),
    layer('vsi', 'silu'),
    layer('vge', 'gelu'),
    layer('sum', 'add'),
    layer('out', 'dense', { units: 3, activation: 'softmax' }),
  ];
  const edges: Edge[] = [
    ['in', 'amp'],
    ['amp', 'r6'],
    ['amp', 'si'],
    ['amp', 'ge'],
    ['r6', 'cr6'],
    ['si', 'csi'],
    ['ge', 'cge'],
    ['cr6', 'cat'],
    ['csi', 'cat'],
    ['cge', 'cat'],
    ['cat', 'fl'],
    ['fl', 'dr6'],
    ['fl', 'dsi'],
    ['fl', 'dge'],
    ['dr6', 'vr6'],
    ['dsi', 'vsi'],
    ['dge', 'vge'],
    ['vr6', 'sum'],
    ['vsi', 'sum'],
    ['vge', 'sum'],
    ['sum', 'out'],
  ];
  const amplify = { weight: { shape: [1, 1, 1, 1], data: [8] } };
  return graph('Activations', [1, 6, 6], nodes, edges, { amp: amplify });
}

/** A ConvNeXt block (7×7 depthwise, channels-first layer norm, 4× bottleneck, GELU, residual). */
function layerNorm(): ModelDocument {
  const nodes = [
    conv('stem', { filters: 8, kernelSize: 2, stride: 2 }),
    layer('ln0', 'layernorm', { epsilon: 1e-3 }),
    conv('dw', { filters: 8, kernelSize: 7, padding: 3, groups: 8 }),
    layer('ln1', 'layernorm'),
    conv('pw1', { filters: 32, kernelSize: 1, activation: 'gelu' }),
    conv('pw2', { filters: 8, kernelSize: 1 }),
    layer('res', 'add'),
    layer('gap', 'globalavgpool'),
    layer('lnv', 'layernorm', { epsilon: 1e-4 }),
    layer('out', 'dense', { units: 5 }),
  ];
  const edges: Edge[] = [
    ['in', 'stem'],
    ['stem', 'ln0'],
    ['ln0', 'dw'],
    ['dw', 'ln1'],
    ['ln1', 'pw1'],
    ['pw1', 'pw2'],
    ['ln0', 'res'],
    ['pw2', 'res'],
    ['res', 'gap'],
    ['gap', 'lnv'],
    ['lnv', 'out'],
  ];
  return graph('Layer norm', [2, 12, 12], nodes, edges);
}

/**
 * Squeeze-and-excitation (an image times its channel gates), the vector first, and element-wise
 * products of images and of vectors.
 */
function multiply(): ModelDocument {
  const nodes = [
    conv('c', { filters: 4, kernelSize: 3, padding: 1, activation: 'silu' }),
    layer('gap', 'globalavgpool'),
    layer('sq', 'dense', { units: 2, activation: 'silu' }),
    layer('ex', 'dense', { units: 4, activation: 'sigmoid' }),
    layer('se', 'multiply'),
    layer('se_first', 'multiply'),
    layer('images', 'multiply'),
    layer('fl', 'flatten'),
    layer('v1', 'dense', { units: 6, activation: 'tanh' }),
    layer('v2', 'dense', { units: 6 }),
    layer('vectors', 'multiply'),
    layer('out', 'dense', { units: 3 }),
  ];
  const edges: Edge[] = [
    ['in', 'c'],
    ['c', 'gap'],
    ['gap', 'sq'],
    ['sq', 'ex'],
    ['c', 'se'],
    ['ex', 'se'],
    ['ex', 'se_first'],
    ['c', 'se_first'],
    ['se', 'images'],
    ['se_first', 'images'],
    ['images', 'fl'],
    ['fl', 'v1'],
    ['fl', 'v2'],
    ['v1', 'vectors'],
    ['v2', 'vectors'],
    ['vectors', 'out'],
  ];
  return graph('Multiply', [1, 6, 6], nodes, edges);
}

/**
 * Multiplies of three inputs: an image by two gate vectors, and three images. ONNX multiplies two
 * tensors at a time, so each is a chain of Muls there, which imports as two multiply layers.
 */
function multiplyChain(): ModelDocument {
  const nodes = [
    conv('a', { filters: 3, kernelSize: 3, padding: 1 }),
    conv('b', { filters: 3, kernelSize: 1, activation: 'tanh' }),
    conv('c', { filters: 3, kernelSize: 1, activation: 'sigmoid' }),
    layer('images', 'multiply'),
    layer('gap', 'globalavgpool'),
    layer('gate', 'dense', { units: 3, activation: 'sigmoid' }),
    layer('gated', 'multiply'),
    layer('fl', 'flatten'),
    layer('out', 'dense', { units: 2 }),
  ];
  const edges: Edge[] = [
    ['in', 'a'],
    ['in', 'b'],
    ['in', 'c'],
    ['a', 'images'],
    ['b', 'images'],
    ['c', 'images'],
    ['images', 'gap'],
    ['gap', 'gate'],
    ['gate', 'gated'],
    ['images', 'gated'],
    ['gap', 'gated'],
    ['gated', 'fl'],
    ['fl', 'out'],
  ];
  return graph('Multiply chain', [2, 5, 5], nodes, edges);
}

/**
 * Every new layer in one MNIST-sized model (train.py trains it): a ReLU6 stem, a ceil-mode max
 * pool, a depthwise SiLU conv gated by squeeze-and-excitation, a grouped 1×1 conv, layer norm, a
 * ceil-mode average pool, a GELU 1×1 conv, and a layer norm of the pooled features.
 */
function lineage(): ModelDocument {
  const nodes = [
    conv('stem', { filters: 8, kernelSize: 3, padding: 1, activation: 'relu6' }),
    layer('mp', 'maxpool2d', { poolSize: 3, stride: 2, padding: 1, ceilMode: true }),
    conv('dw', { filters: 8, kernelSize: 3, padding: 1, groups: 8, activation: 'silu' }),
    layer('se_pool', 'globalavgpool'),
    layer('se_squeeze', 'dense', { units: 4, activation: 'silu' }),
    layer('se_gate', 'dense', { units: 8, activation: 'sigmoid' }),
    layer('se', 'multiply'),
    conv('pw', { filters: 16, kernelSize: 1, groups: 2, useBias: false }),
    layer('ln', 'layernorm'),
    layer('ap', 'avgpool2d', { poolSize: 2, ceilMode: true }),
    conv('mix', { filters: 16, kernelSize: 1, activation: 'gelu' }),
    layer('gap', 'globalavgpool'),
    layer('lnv', 'layernorm'),
    layer('out', 'dense', { units: 10 }),
  ];
  const edges: Edge[] = [
    ['in', 'stem'],
    ['stem', 'mp'],
    ['mp', 'dw'],
    ['dw', 'se_pool'],
    ['se_pool', 'se_squeeze'],
    ['se_squeeze', 'se_gate'],
    ['dw', 'se'],
    ['se_gate', 'se'],
    ['se', 'pw'],
    ['pw', 'ln'],
    ['ln', 'ap'],
    ['ap', 'mix'],
    ['mix', 'gap'],
    ['gap', 'lnv'],
    ['lnv', 'out'],
  ];
  return graph('Lineage layers', [1, 28, 28], nodes, edges);
}

type Named = { name: string; doc: ModelDocument };

/** A model for each layer, which every exporter writes and our ONNX import reads back as it is. */
export function layerModels(): Named[] {
  return [
    { name: 'grouped-conv', doc: groupedConvolutions() },
    { name: 'ceil-pooling', doc: ceilPooling() },
    { name: 'ceil-pooling-square', doc: ceilPoolingSquare() },
    { name: 'activations', doc: activations() },
    { name: 'layernorm', doc: layerNorm() },
    { name: 'multiply', doc: multiply() },
    { name: 'lineage', doc: lineage() },
  ];
}

/** Models every exporter writes exactly, but whose ONNX form imports as an equivalent other graph. */
export function oneWayModels(): Named[] {
  return [
    { name: 'ceil-pooling-mixed', doc: ceilPoolingMixed() },
    { name: 'multiply-chain', doc: multiplyChain() },
  ];
}
