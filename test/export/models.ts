import { existsSync, readdirSync, readFileSync } from 'node:fs';
import {
  createNetwork,
  parseModel,
  Random,
  type ModelDocument,
  type Network,
} from '../../src/engine/index';
import { chain } from '../engine/models';
import { layerModels, oneWayModels } from './layerModels';

// The templates every exporter is checked on: our own equivalents of the app's six templates, a
// model with every remaining layer and padding case, one for each layer of the lineage templates
// (layerModels.ts), and the shipped examples/*.json.

const conv = (id: string, params: Record<string, unknown>) => ({ id, type: 'conv2d', params });
const denseLayer = (id: string, params: Record<string, unknown>) => ({ id, type: 'dense', params });
const pool = (id: string, type: string, params: Record<string, unknown> = {}) => ({
  id,
  type,
  params,
});

function lenet5Classic(): ModelDocument {
  return chain(
    [1, 32, 32],
    [
      conv('c1', { filters: 6, kernelSize: 5, activation: 'tanh' }),
      pool('s2', 'avgpool2d'),
      conv('c3', { filters: 16, kernelSize: 5, activation: 'tanh' }),
      pool('s4', 'avgpool2d'),
      conv('c5', { filters: 120, kernelSize: 5, activation: 'tanh' }),
      { id: 'fl', type: 'flatten' },
      denseLayer('f6', { units: 84, activation: 'tanh' }),
      denseLayer('out', { units: 10 }),
    ],
  );
}

function lenet5Modern(): ModelDocument {
  return chain(
    [1, 28, 28],
    [
      conv('c1', { filters: 6, kernelSize: 5, padding: 2, activation: 'relu' }),
      pool('p1', 'maxpool2d'),
      conv('c2', { filters: 16, kernelSize: 5, activation: 'relu' }),
      pool('p2', 'maxpool2d'),
      { id: 'fl', type: 'flatten' },
      denseLayer('f1', { units: 120, activation: 'relu' }),
      denseLayer('f2', { units: 84, activation: 'relu' }),
      denseLayer('out', { units: 10 }),
    ],
  );
}

function vggSmall(): ModelDocument {
  const block = (n: number, filters: number) => [
    conv(`b${n}c1`, { filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
    conv(`b${n}c2`, { filters, kernelSize: 3, padding: 'same', activation: 'relu' }),
    pool(`b${n}pool`, 'maxpool2d'),
  ];
  return chain(
    [1, 28, 28],
    [
      ...block(1, 8),
      ...block(2, 16),
      { id: 'fl', type: 'flatten' },
      denseLayer('fc1', { units: 64, activation: 'relu' }),
      { id: 'drop', type: 'dropout', params: { rate: 0.5 } },
      denseLayer('out', { units: 10 }),
    ],
  );
}

/** A stem, one residual block, a strided conv (asymmetric in Keras), global pooling. */
function resnetSmall(): ModelDocument {
  const nodes = [
    { id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } },
    conv('stem', { filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
    { id: 'stem_bn', type: 'batchnorm' },
    { id: 'stem_relu', type: 'relu' },
    conv('r1a', { filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
    { id: 'r1a_bn', type: 'batchnorm' },
    { id: 'r1a_relu', type: 'relu' },
    conv('r1b', { filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
    { id: 'r1b_bn', type: 'batchnorm', params: { momentum: 0.2, epsilon: 0.001 } },
    { id: 'r1_add', type: 'add' },
    { id: 'r1_relu', type: 'relu' },
    conv('down', { filters: 16, kernelSize: 3, stride: 2, padding: 1, activation: 'relu' }),
    { id: 'gap', type: 'globalavgpool' },
    denseLayer('out', { units: 10 }),
  ];
  const edges = [
    ['in', 'stem'],
    ['stem', 'stem_bn'],
    ['stem_bn', 'stem_relu'],
    ['stem_relu', 'r1a'],
    ['r1a', 'r1a_bn'],
    ['r1a_bn', 'r1a_relu'],
    ['r1a_relu', 'r1b'],
    ['r1b', 'r1b_bn'],
    ['stem_relu', 'r1_add'],
    ['r1b_bn', 'r1_add'],
    ['r1_add', 'r1_relu'],
    ['r1_relu', 'down'],
    ['down', 'gap'],
    ['gap', 'out'],
  ].map(([from, to]) => ({ from, to }));
  return { format: 'cnn-studio/model', version: 1, name: 'ResNet (small)', nodes, edges };
}

function allConv(): ModelDocument {
  return chain(
    [1, 28, 28],
    [
      conv('c1', { filters: 12, kernelSize: 3, padding: 'same', activation: 'relu' }),
      conv('c2', { filters: 12, kernelSize: 4, stride: 2, padding: 'same', activation: 'relu' }),
      conv('c3', { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      conv('c4', { filters: 16, kernelSize: 3, stride: 2, activation: 'relu' }),
      conv('c5', { filters: 10, kernelSize: 1 }),
      { id: 'gap', type: 'globalavgpool' },
      { id: 'probs', type: 'softmax' },
    ],
  );
}

function mlp(): ModelDocument {
  return chain(
    [1, 28, 28],
    [
      { id: 'fl', type: 'flatten' },
      denseLayer('h1', { units: 64, activation: 'relu' }),
      denseLayer('h2', { units: 32, activation: 'sigmoid' }),
      denseLayer('out', { units: 10, activation: 'softmax' }),
    ],
  );
}

/**
 * Everything the templates leave out: concat of images and of vectors, dropout, leaky ReLU,
 * batchnorm on vectors, a three-way add, pairs, even-kernel "same", dilation with stride, max
 * pooling with padding on signed and on non-negative inputs, average pooling with padding.
 */
function branches(): ModelDocument {
  const nodes = [
    { id: 'in', type: 'input', params: { channels: 2, height: 12, width: 12 } },
    conv('a', { filters: 4, kernelSize: 1, activation: 'relu' }),
    conv('b', { filters: 4, kernelSize: [3, 5], padding: 'same', activation: 'leakyrelu' }),
    pool('pm', 'maxpool2d', { poolSize: 3, stride: 1, padding: 1 }),
    conv('e', { filters: 3, kernelSize: 4, padding: [2, 1], useBias: false }),
    pool('ep', 'avgpool2d', { poolSize: 2, stride: 1, padding: [0, 1] }),
    { id: 'cat', type: 'concat' },
    { id: 'bn', type: 'batchnorm' },
    { id: 'r', type: 'relu' },
    pool('p2', 'maxpool2d', { poolSize: 2, padding: 1 }),
    { id: 'd', type: 'dropout', params: { rate: 0.3 } },
    conv('c', {
      filters: 6,
      kernelSize: 3,
      stride: 2,
      dilation: 2,
      padding: 2,
      activation: 'tanh',
    }),
    pool('avg', 'avgpool2d', { poolSize: 3, stride: 1, padding: 1 }),
    { id: 'sg', type: 'sigmoid' },
    { id: 'sum', type: 'add' },
    { id: 'fl', type: 'flatten' },
    denseLayer('f1', { units: 16 }),
    { id: 'bnv', type: 'batchnorm', params: { momentum: 0.05 } },
    { id: 'lr', type: 'leakyrelu', params: { alpha: 0.2 } },
    denseLayer('f2', { units: 8, activation: 'tanh', useBias: false }),
    { id: 'cv', type: 'concat' },
    denseLayer('out', { units: 5 }),
    { id: 'prob', type: 'softmax' },
  ];
  const edges = [
    ['in', 'a'],
    ['in', 'b'],
    ['in', 'pm'],
    ['in', 'e'],
    ['e', 'ep'],
    ['a', 'cat'],
    ['b', 'cat'],
    ['pm', 'cat'],
    ['ep', 'cat'],
    ['cat', 'bn'],
    ['bn', 'r'],
    ['r', 'p2'],
    ['p2', 'd'],
    ['d', 'c'],
    ['c', 'avg'],
    ['c', 'sg'],
    ['c', 'sum'],
    ['avg', 'sum'],
    ['sg', 'sum'],
    ['sum', 'fl'],
    ['fl', 'f1'],
    ['f1', 'bnv'],
    ['bnv', 'lr'],
    ['fl', 'f2'],
    ['lr', 'cv'],
    ['f2', 'cv'],
    ['cv', 'out'],
    ['out', 'prob'],
  ].map(([from, to]) => ({ from, to }));
  return {
    format: 'cnn-studio/model',
    version: 1,
    name: 'Branches',
    classes: ['a', 'b', 'c', 'd', 'e'],
    nodes,
    edges,
  };
}

export interface Template {
  name: string;
  doc: ModelDocument;
}

const examplesDir = new URL('../../examples/', import.meta.url);

/** The shipped examples, once they exist. */
function examples(): Template[] {
  if (!existsSync(examplesDir)) return [];
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: `examples/${f}`,
      doc: JSON.parse(readFileSync(new URL(f, examplesDir), 'utf8')) as ModelDocument,
    }));
}

export function templates(): Template[] {
  return [
    { name: 'lenet5-classic', doc: lenet5Classic() },
    { name: 'lenet5-modern', doc: lenet5Modern() },
    { name: 'vgg-small', doc: vggSmall() },
    { name: 'resnet-small', doc: resnetSmall() },
    { name: 'allconv', doc: allConv() },
    { name: 'mlp', doc: mlp() },
    { name: 'branches', doc: branches() },
    ...layerModels(),
    ...examples(),
  ];
}

/**
 * The models every exporter is checked on: the templates, and models whose ONNX form imports back
 * as an equivalent graph but not the same one (see oneWayModels).
 */
export function exportedModels(): Template[] {
  return [...templates(), ...oneWayModels()];
}

/**
 * The document's network with every weight random (biases and batchnorm statistics too, so a
 * misplaced or untransposed tensor shows), at magnitudes that keep activations near 1.
 */
export function randomNetwork(doc: ModelDocument, seed = 7): Network {
  const network = createNetwork(parseModel(doc), { seed });
  const random = new Random(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random.float();
  const ranges: Record<string, [number, number]> = {
    bias: [-0.2, 0.2],
    gamma: [0.5, 1.5],
    beta: [-0.3, 0.3],
    runningMean: [-0.5, 0.5],
    runningVar: [0.5, 2],
  };
  for (const slot of network.slots) {
    const range = ranges[slot.name];
    if (!range) continue;
    const values = network.tensor(slot.nodeId, slot.name);
    for (let i = 0; i < values.length; i++) values[i] = uniform(range[0], range[1]);
  }
  return network;
}

/** A batch of standard normal inputs, NCHW. */
export function randomInput(network: Network, batch: number, seed = 11): Float32Array {
  const random = new Random(seed);
  const x = new Float32Array(batch * network.inputSize);
  for (let i = 0; i < x.length; i++) x[i] = random.normal();
  return x;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** [N, C, H, W] → [N, H, W, C]; and back with `toNchw`. */
export function toNhwc(x: Float32Array, [c, h, w]: number[]): Float32Array {
  const out = new Float32Array(x.length);
  const size = c * h * w;
  for (let n = 0; n < x.length / size; n++)
    for (let k = 0; k < c; k++)
      for (let i = 0; i < h * w; i++) out[n * size + i * c + k] = x[n * size + k * h * w + i];
  return out;
}
