import type { NodeSpec } from '../../model/types';
import { poolAxes, type PoolAxis } from '../pooling';
import { CHANNELS_LAST, zeroPadded } from './padding';
import type { TfjsContext } from './topology';

// Keras pools without padding ("valid") or with TensorFlow's "same", which leaves padded cells
// out of a max and out of an average's divisor. The contract's windows are reproduced exactly:
// average pooling's padded cells count, so they become real zeros (a ZeroPadding2D) first; a
// max pool may zero-pad only an input that is never negative, where a 0 never wins. What neither
// "valid" nor "same" then places as the engine does (ceil mode's short last window, a padded max
// pool over signed values) is cut into blocks of equal windows, each cropped and pooled "valid",
// and joined again: a window cut short averages over its own cells, as the contract's divisor.

type PoolClass = 'MaxPooling2D' | 'AveragePooling2D';

/** The input cells [start, end) one output reads, after `zero` cells of zero padding per side. */
interface Window {
  start: number;
  end: number;
}

/** Consecutive outputs whose windows have one size and are `stride` apart. */
interface Run {
  start: number;
  size: number;
  count: number;
}

const lengthOf = (a: PoolAxis, zero: number) => a.size + 2 * zero;

function windowsOf(a: PoolAxis, zero: number): Window[] {
  return Array.from({ length: a.out }, (_, i) => {
    const start = i * a.stride - (a.pad - zero);
    return { start: Math.max(0, start), end: Math.min(lengthOf(a, zero), start + a.kernel) };
  });
}

/** Whether Keras' "valid" windows are these: whole, from the first cell, as many. */
function validFits(a: PoolAxis, zero: number): boolean {
  const whole = windowsOf(a, zero).every((w) => w.end - w.start === a.kernel);
  const count = Math.floor((lengthOf(a, zero) - a.kernel) / a.stride) + 1;
  return a.pad === zero && whole && count === a.out;
}

/** Whether TensorFlow's "same" (⌈L/s⌉ windows, ⌊total/2⌋ of the padding before) places them. */
function sameFits(a: PoolAxis, zero: number): boolean {
  const length = lengthOf(a, zero);
  const out = Math.ceil(length / a.stride);
  const total = Math.max((out - 1) * a.stride + a.kernel - length, 0);
  return out === a.out && Math.floor(total / 2) === a.pad - zero;
}

function runsOf(a: PoolAxis, zero: number): Run[] {
  const runs: Run[] = [];
  for (const w of windowsOf(a, zero)) {
    const last = runs[runs.length - 1];
    const size = w.end - w.start;
    if (last && last.size === size && w.start === last.start + last.count * a.stride) last.count++;
    else runs.push({ start: w.start, size, count: 1 });
  }
  return runs;
}

export function pooling(className: PoolClass) {
  return (node: NodeSpec, ctx: TfjsContext): string => {
    const axes = poolAxes(node, ctx.graph);
    const name = ctx.nameOf(node.id);
    const source = ctx.graph.inputsOf(node.id)[0];
    // Zero padding per side: none, or the contract's (on the axes that have it).
    const none = [0, 0];
    const contract = axes.map((a) => a.pad);
    const choices =
      className === 'AveragePooling2D'
        ? [contract]
        : ctx.nonNegative.has(source)
          ? [none, contract]
          : [none];
    const input = (zero: number[]) =>
      zeroPadded(
        ctx,
        name,
        ctx.output(source),
        zero.some((z) => z > 0)
          ? [
              [zero[0], zero[0]],
              [zero[1], zero[1]],
            ]
          : null,
      );
    const window = {
      pool_size: axes.map((a) => a.kernel),
      strides: axes.map((a) => a.stride),
      ...CHANNELS_LAST,
    };
    for (const zero of choices) {
      for (const [padding, fits] of [
        ['valid', validFits],
        ['same', sameFits],
      ] as const) {
        if (axes.every((a, d) => fits(a, zero[d]))) {
          return ctx.layer(className, name, { ...window, padding }, [input(zero)]);
        }
      }
    }
    const zero = choices[choices.length - 1];
    return blocks(className, name, axes, zero, input(zero), ctx);
  };
}

/** The pool as blocks of equal windows (rows × columns), each cropped and pooled, joined again. */
function blocks(
  className: PoolClass,
  name: string,
  axes: PoolAxis[],
  zero: number[],
  x: string,
  ctx: TfjsContext,
): string {
  const [rows, cols] = axes.map((a, d) => runsOf(a, zero[d]));
  const lengths = axes.map((a, d) => lengthOf(a, zero[d]));
  const crop = (run: Run, d: number) => {
    const end = run.start + (run.count - 1) * axes[d].stride + run.size;
    return [run.start, lengths[d] - end];
  };
  const single = rows.length * cols.length === 1;
  const joined = rows.map((row, r) => {
    const pooled = cols.map((col, c) => {
      const block = single ? name : `${name}.${r}.${c}`;
      const cropping = [crop(row, 0), crop(col, 1)];
      const cropped = cropping.flat().some((v) => v > 0)
        ? ctx.layer('Cropping2D', `${block}.crop`, { cropping, ...CHANNELS_LAST }, [x])
        : x;
      return ctx.layer(
        className,
        block,
        {
          pool_size: [row.size, col.size],
          strides: axes.map((a) => a.stride),
          padding: 'valid',
          ...CHANNELS_LAST,
        },
        [cropped],
      );
    });
    if (pooled.length === 1) return pooled[0];
    // NHWC: axis 2 is the width, axis 1 the height.
    return ctx.layer('Concatenate', rows.length === 1 ? name : `${name}.${r}`, { axis: 2 }, pooled);
  });
  return joined.length === 1 ? joined[0] : ctx.layer('Concatenate', name, { axis: 1 }, joined);
}
