// How a conv layer's kernels are laid out: the first layer's (one input channel) as a row of small
// images; deeper layers' as a table, one row per filter and one cell per input channel.

import type { Grid } from '../paint/paint';

/** Most filters (rows) and input channels (columns) drawn for one layer. */
export const MAX_ROWS = 32;
export const MAX_COLS = 32;

export interface KernelLayout {
  grid: Grid;
  /** CSS pixels per weight. */
  scale: number;
  /** Filters and channels drawn, which may be fewer than the layer has. */
  filters: number;
  channels: number;
  /** The values in grid order: a copy when some filters or channels are left out. */
  data: Float32Array;
}

/** `shape` is the weight's [F, C, kh, kw]. */
export function kernelLayout(shape: readonly number[], data: Float32Array): KernelLayout {
  const [f, c, kh, kw] = shape;
  if (c === 1) {
    const filters = Math.min(f, MAX_ROWS * 2);
    return {
      grid: { count: filters, height: kh, width: kw, cols: Math.min(filters, 12), gap: 2 },
      scale: Math.max(2, Math.floor(44 / Math.max(kh, kw))),
      filters,
      channels: 1,
      data: data.subarray(0, filters * kh * kw),
    };
  }
  const filters = Math.min(f, MAX_ROWS);
  const channels = Math.min(c, MAX_COLS);
  const tile = kh * kw;
  const picked =
    channels === c
      ? data.subarray(0, filters * c * tile)
      : Float32Array.from({ length: filters * channels * tile }, (_, i) => {
          const t = Math.floor(i / tile);
          const row = Math.floor(t / channels);
          const col = t % channels;
          return data[(row * c + col) * tile + (i % tile)];
        });
  return {
    grid: { count: filters * channels, height: kh, width: kw, cols: channels, gap: 2 },
    scale: Math.max(1, Math.floor(16 / Math.max(kh, kw))),
    filters,
    channels,
    data: picked,
  };
}
