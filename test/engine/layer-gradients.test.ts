import { describe, expect, it } from 'vitest';
import { caseName, checkLayer, type LayerCase } from './gradcheck';

// Every layer's backward against central differences, for its input(s) and every weight.

const cases: LayerCase[] = [
  { type: 'conv2d', params: { filters: 3, kernelSize: 3 }, inputs: [[2, 5, 5]], batch: 2 },
  {
    type: 'conv2d',
    params: { filters: 2, kernelSize: [3, 2], stride: 2, padding: 1, dilation: 2 },
    inputs: [[3, 7, 6]],
    batch: 2,
  },
  {
    type: 'conv2d',
    params: { filters: 2, kernelSize: 3, padding: 'same' },
    inputs: [[2, 5, 4]],
    batch: 1,
  },
  {
    type: 'conv2d',
    params: { filters: 2, kernelSize: [2, 3], stride: [1, 2], padding: [0, 1], useBias: false },
    inputs: [[1, 5, 7]],
    batch: 3,
  },
  {
    type: 'conv2d',
    params: { filters: 2, kernelSize: 3, dilation: [2, 1], padding: 'same' },
    inputs: [[2, 6, 5]],
    batch: 1,
  },
  {
    type: 'conv2d',
    params: { filters: 3, kernelSize: 3, activation: 'tanh' },
    inputs: [[1, 4, 4]],
    batch: 2,
  },
  { type: 'maxpool2d', params: { poolSize: 2 }, inputs: [[2, 4, 6]], batch: 2, distinct: true },
  {
    type: 'maxpool2d',
    params: { poolSize: 3, stride: 2, padding: 1 },
    inputs: [[2, 7, 6]],
    batch: 2,
    distinct: true,
  },
  {
    type: 'maxpool2d',
    params: { poolSize: [2, 3], stride: [1, 2], padding: [1, 1] },
    inputs: [[1, 5, 6]],
    batch: 1,
    distinct: true,
  },
  { type: 'avgpool2d', params: { poolSize: 2 }, inputs: [[2, 4, 4]], batch: 2 },
  {
    type: 'avgpool2d',
    params: { poolSize: 3, stride: 2, padding: 1 },
    inputs: [[2, 7, 6]],
    batch: 2,
  },
  {
    type: 'avgpool2d',
    params: { poolSize: [3, 2], stride: [2, 1], padding: [1, 0] },
    inputs: [[1, 6, 5]],
    batch: 1,
  },
  { type: 'globalavgpool', params: {}, inputs: [[3, 4, 5]], batch: 2 },
  { type: 'flatten', params: {}, inputs: [[2, 3, 4]], batch: 2 },
  { type: 'dense', params: { units: 4 }, inputs: [[6]], batch: 3 },
  { type: 'dense', params: { units: 3, useBias: false }, inputs: [[5]], batch: 2 },
  { type: 'relu', params: {}, inputs: [[2, 3, 3]], batch: 2, distinct: true },
  { type: 'leakyrelu', params: { alpha: 0.2 }, inputs: [[10]], batch: 2, distinct: true },
  { type: 'tanh', params: {}, inputs: [[7]], batch: 2 },
  { type: 'sigmoid', params: {}, inputs: [[2, 2, 2]], batch: 2 },
  { type: 'softmax', params: {}, inputs: [[5]], batch: 3 },
  { type: 'dropout', params: { rate: 0.4 }, inputs: [[3, 4, 4]], batch: 2 },
  { type: 'dropout', params: { rate: 0.4 }, inputs: [[6]], batch: 2, training: false },
  { type: 'batchnorm', params: {}, inputs: [[3, 4, 4]], batch: 2 },
  { type: 'batchnorm', params: { momentum: 0.2, epsilon: 1e-3 }, inputs: [[5]], batch: 4 },
  { type: 'batchnorm', params: {}, inputs: [[2, 3, 3]], batch: 2, training: false },
  {
    type: 'add',
    params: {},
    inputs: [
      [2, 3, 3],
      [2, 3, 3],
      [2, 3, 3],
    ],
    batch: 2,
  },
  {
    type: 'concat',
    params: {},
    inputs: [
      [1, 3, 3],
      [2, 3, 3],
      [3, 3, 3],
    ],
    batch: 2,
  },
  { type: 'concat', params: {}, inputs: [[3], [2], [4]], batch: 2 },
  // The layers of the later architectures: grouped and depthwise convolution, ceil-mode pooling,
  // ReLU6, SiLU, GELU, layer norm and multiply.
  {
    type: 'conv2d',
    params: { filters: 4, kernelSize: 3, padding: 1, groups: 2 },
    inputs: [[6, 5, 5]],
    batch: 2,
  },
  {
    type: 'conv2d',
    params: { filters: 3, kernelSize: 3, padding: 'same', groups: 3, activation: 'relu6' },
    inputs: [[3, 5, 4]],
    batch: 2,
    distinct: true,
    scale: 10,
  },
  {
    type: 'conv2d',
    params: { filters: 4, kernelSize: [3, 2], stride: 2, groups: 2, useBias: false },
    inputs: [[2, 7, 6]],
    batch: 2,
  },
  {
    type: 'conv2d',
    params: { filters: 6, kernelSize: 5, padding: 2, groups: 3, activation: 'gelu' },
    inputs: [[3, 6, 6]],
    batch: 1,
  },
  {
    type: 'conv2d',
    params: { filters: 2, kernelSize: 3, groups: 2, dilation: 2, activation: 'silu' },
    inputs: [[2, 7, 7]],
    batch: 2,
  },
  {
    type: 'maxpool2d',
    params: { poolSize: 2, ceilMode: true },
    inputs: [[2, 5, 7]],
    batch: 2,
    distinct: true,
  },
  {
    type: 'maxpool2d',
    params: { poolSize: 3, stride: 2, padding: 1, ceilMode: true },
    inputs: [[1, 6, 6]],
    batch: 2,
    distinct: true,
  },
  { type: 'avgpool2d', params: { poolSize: 2, ceilMode: true }, inputs: [[2, 5, 7]], batch: 2 },
  {
    type: 'avgpool2d',
    params: { poolSize: 3, stride: 2, padding: 1, ceilMode: true },
    inputs: [[2, 6, 5]],
    batch: 2,
  },
  { type: 'relu6', params: {}, inputs: [[3, 4, 4]], batch: 2, distinct: true, scale: 10 },
  { type: 'silu', params: {}, inputs: [[2, 3, 3]], batch: 2, scale: 4 },
  { type: 'gelu', params: {}, inputs: [[10]], batch: 3, scale: 4 },
  { type: 'layernorm', params: {}, inputs: [[4, 3, 3]], batch: 2 },
  { type: 'layernorm', params: { epsilon: 1e-3 }, inputs: [[6]], batch: 3 },
  {
    type: 'multiply',
    params: {},
    inputs: [
      [2, 3, 3],
      [2, 3, 3],
    ],
    batch: 2,
  },
  { type: 'multiply', params: {}, inputs: [[5], [5], [5]], batch: 2 },
  { type: 'multiply', params: {}, inputs: [[3, 4, 4], [3]], batch: 2 },
  { type: 'multiply', params: {}, inputs: [[4], [4, 2, 3], [4]], batch: 2 },
];

describe('layer backward equals the numerical gradient', () => {
  for (const c of cases) {
    it(caseName(c), () => {
      expect(checkLayer(c)).toEqual([]);
    });
  }
});
