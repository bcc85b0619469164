import * as v from 'valibot';
import type { WindowGeometry } from '../kernels';
import type { ShapeInput } from './layer';
import { intOrPair, settings, type Pair } from './params';
import { formatPair, requireImage, windowGeometry } from './window';

// The settings and shape rule that max and average pooling share: floor mode unless `ceilMode`
// (PyTorch's ceil_mode=True: see windowOutputSize).

export const poolParams = v.pipe(
  settings({
    poolSize: v.optional(intOrPair(1), 2),
    stride: v.optional(intOrPair(1)),
    padding: v.optional(intOrPair(0), 0),
    ceilMode: v.optional(v.boolean('must be true or false'), false),
  }),
  v.forward(
    v.check(
      (c) =>
        c.padding[0] <= Math.floor(c.poolSize[0] / 2) &&
        c.padding[1] <= Math.floor(c.poolSize[1] / 2),
      'must be at most half the window (poolSize)',
    ),
    ['padding'],
  ),
);

export type PoolConfig = v.InferOutput<typeof poolParams>;

export function poolStride(c: PoolConfig): Pair {
  return c.stride ?? c.poolSize;
}

export function poolGeometry(layer: string, c: PoolConfig, input: ShapeInput): WindowGeometry {
  requireImage(layer, input);
  return windowGeometry(
    input.shape,
    c.poolSize,
    poolStride(c),
    c.padding,
    [1, 1],
    'poolSize',
    c.ceilMode,
  );
}

export function poolCaption(c: PoolConfig): string {
  const stride = poolStride(c);
  const pad = c.padding[0] > 0 || c.padding[1] > 0 ? ` · p${formatPair(c.padding)}` : '';
  const ceil = c.ceilMode ? ' · ceil' : '';
  return `${c.poolSize[0]}×${c.poolSize[1]} · s${formatPair(stride)}${pad}${ceil}`;
}
