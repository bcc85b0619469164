// LeNet-5 as it is built today: ReLU and max pooling in place of the original's sigmoid and
// subsampling, 28×28 MNIST input padded in c1 so the classic 32×32 sizes follow.

import type { ModelDocument } from '../../engine';

export const lenet5: ModelDocument = {
  format: 'cnn-studio/model',
  version: 1,
  name: 'LeNet-5',
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  nodes: [
    { id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } },
    {
      id: 'c1',
      type: 'conv2d',
      params: { filters: 6, kernelSize: 5, padding: 2, activation: 'relu' },
    },
    { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
    { id: 'c2', type: 'conv2d', params: { filters: 16, kernelSize: 5, activation: 'relu' } },
    { id: 'p2', type: 'maxpool2d', params: { poolSize: 2 } },
    { id: 'fl', type: 'flatten' },
    { id: 'f1', type: 'dense', params: { units: 120, activation: 'relu' } },
    { id: 'f2', type: 'dense', params: { units: 84, activation: 'relu' } },
    { id: 'out', type: 'dense', params: { units: 10 } },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'p1' },
    { from: 'p1', to: 'c2' },
    { from: 'c2', to: 'p2' },
    { from: 'p2', to: 'fl' },
    { from: 'fl', to: 'f1' },
    { from: 'f1', to: 'f2' },
    { from: 'f2', to: 'out' },
  ],
};
