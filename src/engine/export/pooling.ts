import { poolStride, type PoolConfig } from '../layers/pooling';
import type { NodeSpec } from '../model/types';
import type { ExportGraph } from './source';

// Where a pooling node's windows lie along each axis, as the engine (PyTorch) places them: output
// i reads input cells [i·s − p, i·s − p + k). How many outputs there are comes from the engine's
// own shape, so floor and ceil mode (with its dropped last window) need no second formula here.

export interface PoolAxis {
  /** Input length. */
  size: number;
  kernel: number;
  stride: number;
  /** The contract's padding, on each side. */
  pad: number;
  /** Output length. */
  out: number;
}

/** The height and width axes of a maxpool2d or avgpool2d node. */
export function poolAxes(node: NodeSpec, graph: ExportGraph): [PoolAxis, PoolAxis] {
  const c = node.config as PoolConfig;
  const stride = poolStride(c);
  const [, h, w] = graph.shapeOf(graph.inputsOf(node.id)[0]);
  const [, outH, outW] = graph.shapeOf(node.id);
  const axis = (d: 0 | 1, size: number, out: number): PoolAxis => ({
    size,
    kernel: c.poolSize[d],
    stride: stride[d],
    pad: c.padding[d],
    out,
  });
  return [axis(0, h, outH), axis(1, w, outW)];
}

/** How far the last window reaches past the input and its padding at the end (0 if it does not). */
export function overhang(a: PoolAxis): number {
  return Math.max(0, (a.out - 1) * a.stride - a.pad + a.kernel - (a.size + a.pad));
}
