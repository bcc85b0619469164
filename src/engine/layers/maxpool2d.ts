import { sizeOf } from '../model/format';
import type { LayerDef } from './layer';
import { poolCaption, poolGeometry, poolParams, poolStride, type PoolConfig } from './pooling';
import { windowReceptiveField } from './window';

// maxpool2d: y[N, C, H', W'] = window maxima of x[N, C, H, W]; a padded cell is never picked.
// The gradient flows only to the cell that won, remembered in argmax[N, C·H'·W'].

export const maxpool2d: LayerDef<PoolConfig> = {
  type: 'maxpool2d',
  group: 'Pooling',
  title: 'Max pool',
  description: 'Keeps the largest value of each window: smaller maps, a little shift tolerance.',
  arity: 'one',
  params: poolParams,
  required: [],
  keepsChannels: true,
  keepsClasses: false,
  outputShape(c, [input]) {
    const g = poolGeometry('maxpool2d', c, input);
    return [g.channels, g.outH, g.outW];
  },
  receptiveField: (c, [rf]) => windowReceptiveField(rf, c.poolSize, poolStride(c), [1, 1]),
  caption: poolCaption,
  // Where each maximum came from.
  kept: (_c, _inputs, output) => sizeOf(output),
  create(c, [input], output, { kernels }) {
    const g = poolGeometry('maxpool2d', c, { id: '', shape: input });
    const outSize = output[0] * output[1] * output[2];
    let argmax = kernels.newInt32(0);
    return {
      forward({ batch, inputs: [x], output: y }) {
        if (argmax.length < batch * outSize) argmax = kernels.newInt32(batch * outSize);
        kernels.maxPool(g, batch, x, y, argmax);
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (dx) kernels.maxPoolBackward(g, batch, dy, argmax, dx);
      },
    };
  },
};
