import { sizeOf } from '../model/format';
import type { LayerDef } from './layer';
import { settings } from './params';

// flatten: [N, C, H, W] → [N, C·H·W] at index c·H·W + h·W + w, which is NCHW memory order,
// so forward and backward are copies.

export const flatten: LayerDef<Record<string, never>> = {
  type: 'flatten',
  group: 'Dense',
  title: 'Flatten',
  description: 'Lays an image out as one vector of C·H·W features, for dense layers.',
  arity: 'one',
  params: settings({}),
  required: [],
  keepsChannels: false,
  keepsClasses: true,
  outputShape: (_c, [input]) => [sizeOf(input.shape)],
  create(_c, [input]) {
    const size = sizeOf(input);
    return {
      forward({ batch, inputs: [x], output: y }) {
        for (let i = 0; i < batch * size; i++) y[i] = x[i];
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (!dx) return;
        for (let i = 0; i < batch * size; i++) dx[i] += dy[i];
      },
    };
  },
};
