import type { PoolConfig } from '../../layers/pooling';
import type { NodeSpec } from '../../model/types';
import { overhang, poolAxes, type PoolAxis } from '../pooling';
import type { OnnxContext } from './context';
import { int, ints } from './proto';

// MaxPool and AveragePool as PyTorch writes them (symmetric pads, ceil_mode, padded zeros counted
// in the average) wherever that is exact. Opset 13's shape rule has no dropped last window, so
// ceil_mode is written only when it gives the engine's size on both axes; an axis whose ceil
// window is dropped is floor mode. When the two axes need different rounding, the overhang of
// the ceil axis becomes padding at its end instead.

/** The output length ONNX's opset-13 shape rule gives, with the contract's padding. */
function onnxLength(a: PoolAxis, ceil: boolean): number {
  const span = (a.size + 2 * a.pad - a.kernel) / a.stride;
  return (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
}

export function pooling(type: 'MaxPool' | 'AveragePool') {
  return (node: NodeSpec, ctx: OnnxContext): void => {
    const axes = poolAxes(node, ctx.graph);
    const x = ctx.graph.inputsOf(node.id)[0];
    const kernel = axes.map((a) => a.kernel);
    const strides = axes.map((a) => a.stride);
    const window = [ints('kernel_shape', kernel), ints('strides', strides)];
    const pads = axes.map((a) => a.pad);
    const ceilMode = (node.config as PoolConfig).ceilMode;
    const ceil = [ceilMode, !ceilMode].find((m) => axes.every((a) => onnxLength(a, m) === a.out));
    if (ceil !== undefined) {
      ctx.op(type, node.id, [x], node.id, [
        ...window,
        ints('pads', [...pads, ...pads]),
        ...(ceil ? [int('ceil_mode', 1)] : []),
        // MaxPool never picks a padded cell, as the contract says; AveragePool must count them.
        ...(type === 'AveragePool' ? [int('count_include_pad', 1)] : []),
      ]);
      return;
    }
    const extra = axes.map(overhang);
    if (type === 'MaxPool') {
      // A padded cell never wins a max, so padding the overhang is exact.
      const end = pads.map((p, d) => p + extra[d]);
      ctx.op('MaxPool', node.id, [x], node.id, [...window, ints('pads', [...pads, ...end])]);
      return;
    }
    // The contract's padding as real zeros, counted; the overhang as ONNX padding, which an
    // AveragePool without count_include_pad leaves out of the divisor, as the contract does.
    const padded = `${node.id}/pad`;
    const zeros = ctx.int64(`${node.id}.pads`, [0, 0, ...pads, 0, 0, ...pads]);
    ctx.op('Pad', padded, [x, zeros], padded);
    ctx.op('AveragePool', node.id, [padded], node.id, [...window, ints('pads', [0, 0, ...extra])]);
  };
}
