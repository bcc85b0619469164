import type { Pair } from '../../layers/params';
import type { TfjsContext } from './topology';

// The contract pads p cells on each side; Keras "same" pads ⌊total/2⌋ before and the rest after,
// with total chosen so out = ⌈in/s⌉. Where both put every window in the same place, "same" is
// used as is; elsewhere an explicit ZeroPadding2D and "valid" reproduce the contract.

export interface Window {
  /** Input height and width. */
  size: Pair;
  kernel: Pair;
  stride: Pair;
  dilation: Pair;
  /** The contract's padding per side. */
  pad: Pair;
}

export interface KerasPadding {
  padding: 'valid' | 'same';
  /** [[top, bottom], [left, right]] for a ZeroPadding2D before the layer, when needed. */
  zeroPad: [Pair, Pair] | null;
}

function sameMatches(size: number, kernel: number, stride: number, dilation: number, pad: number) {
  const span = dilation * (kernel - 1) + 1;
  const ours = Math.floor((size + 2 * pad - span) / stride) + 1;
  const keras = Math.ceil(size / stride);
  const total = Math.max((keras - 1) * stride + span - size, 0);
  return ours === keras && Math.floor(total / 2) === pad;
}

/** How a Keras convolution gets the contract's windows. */
export function kerasPadding(w: Window): KerasPadding {
  if (w.pad[0] === 0 && w.pad[1] === 0) return { padding: 'valid', zeroPad: null };
  const same = [0, 1].every((d) =>
    sameMatches(w.size[d], w.kernel[d], w.stride[d], w.dilation[d], w.pad[d]),
  );
  if (same) return { padding: 'same', zeroPad: null };
  return {
    padding: 'valid',
    zeroPad: [
      [w.pad[0], w.pad[0]],
      [w.pad[1], w.pad[1]],
    ],
  };
}

export const CHANNELS_LAST = { data_format: 'channels_last' };

/** `x` behind a ZeroPadding2D named `<name>.pad`, or `x` itself when `zeroPad` is null. */
export function zeroPadded(
  ctx: TfjsContext,
  name: string,
  x: string,
  zeroPad: [Pair, Pair] | null,
): string {
  if (!zeroPad) return x;
  return ctx.layer('ZeroPadding2D', `${name}.pad`, { padding: zeroPad, ...CHANNELS_LAST }, [x]);
}
