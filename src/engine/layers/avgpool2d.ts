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
  outputShape(c, [input]) {
    const g = poolGeometry('avgpool2d', c, input);
    return [g.channels, g.outH, g.outW];
  },
  receptiveField: (c, [rf]) => windowReceptiveField(rf, c.poolSize, poolStride(c), [1, 1]),
  caption: poolCaption,
  create(c, [input], output, { kernels }) {
    const g = poolGeometry('avgpool2d', c, { id: '', shape: input });
    const inSize = input[0] * input[1] * input[2];
    const outSize = output[0] * output[1] * output[2];
    return {
      forward({ batch, inputs: [x], output: y }) {
        for (let n = 0; n < batch; n++) kernels.avgPool(g, x, n * inSize, y, n * outSize);
      },
      backward({ batch, dOutput: dy, dInputs: [dx] }) {
        if (!dx) return;
        for (let n = 0; n < batch; n++) kernels.avgPoolBackward(g, dy, n * outSize, dx, n * inSize);
      },
    };
  },
};
