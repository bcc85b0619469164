import type { LayerDef } from './layer';
import { settings } from './params';
import { requireImage, windowReceptiveField } from './window';

// globalavgpool: y[N, C] = mean over H·W of x[N, C, H, W].

export const globalavgpool: LayerDef<Record<string, never>> = {
  type: 'globalavgpool',
  group: 'Pooling',
  title: 'Global avg pool',
  description: 'Averages each feature map to one number: an image becomes a vector of C features.',
  arity: 'one',
  params: settings({}),
  required: [],
  keepsChannels: false,
  keepsClasses: true,
  outputShape(_c, [input]) {
    return [requireImage('globalavgpool', input)[0]];
  },
  receptiveField: (_c, [rf], { inputs: [shape] }) =>
    windowReceptiveField(rf, [shape[1], shape[2]], [1, 1], [1, 1]),
  create(_c, [input]) {
    const channels = input[0];
    const area = input[1] * input[2];
    return {
      forward({ batch, inputs: [x], output: y }) {
        for (let i = 0; i < batch * channels; i++) {
          let sum = 0;
          for (let j = i * area; j < (i + 1) * area; j++) sum += x[j];
          y[i] = sum / area;
        }
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (!dx) return;
        for (let i = 0; i < batch * channels; i++) {
          const share = dy[i] / area;
          for (let j = i * area; j < (i + 1) * area; j++) dx[j] += share;
        }
      },
    };
  },
};
