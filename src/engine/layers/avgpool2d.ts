import type { LayerDef } from './layer';
import { poolCaption, poolGeometry, poolParams, poolStride, type PoolConfig } from './pooling';
import { windowReceptiveField } from './window';

// avgpool2d: y[N, C, H', W'] = window means of x[N, C, H, W], padded zeros counted in the divisor
// (PyTorch's count_include_pad=True). Backward spreads each gradient evenly over its window.

export const avgpool2d: LayerDef<PoolConfig> = {
  type: 'avgpool2d',
  group: 'Pooling',
  title: 'Average pool',
  description: 'Averages each window: smaller, smoother maps.',
  arity: 'one',
  params: poolParams,
  required: [],
  keepsChannels: true,
  keepsClasses: false,
  outputShape(c, [input]) {
    const g = poolGeometry('avgpool2d', c, input);
    return [g.channels, g.outH, g.outW];
  },
  receptiveField: (c, [rf]) => windowReceptiveField(rf, c.poolSize, poolStride(c), [1, 1]),
  caption: poolCaption,
  create(c, [input], _output, { kernels }) {
    const g = poolGeometry('avgpool2d', c, { id: '', shape: input });
    return {
      forward({ batch, inputs: [x], output: y }) {
        kernels.avgPool(g, batch, x, y);
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (dx) kernels.avgPoolBackward(g, batch, dy, dx);
      },
    };
  },
};
