// How one layer's output is drawn: an image [C, H, W] as a grid of C maps; a vector [F] as one
// block of F cells, row by row.

import type { Grid } from '../paint/paint';

/** About this many CSS pixels per map side. */
const MAP_PX = 48;
const MAX_COLS = 8;

export interface MapLayout {
  grid: Grid;
  scale: number;
  /** The values in grid order (a vector padded to fill its last row). */
  data: Float32Array;
  spatial: boolean;
}

export function mapLayout(shape: readonly number[], data: Float32Array, min: number): MapLayout {
  if (shape.length === 3) {
    const [c, h, w] = shape;
    return {
      grid: { count: c, height: h, width: w, cols: Math.min(c, MAX_COLS), gap: 1 },
      scale: Math.max(1, Math.round(MAP_PX / Math.max(h, w))),
      data,
      spatial: true,
    };
  }
  const f = shape.reduce((a, b) => a * b, 1);
  const cols = Math.min(f, 24);
  const rows = Math.ceil(f / cols);
  const padded = new Float32Array(rows * cols).fill(min);
  padded.set(data.subarray(0, f));
  return {
    grid: { count: 1, height: rows, width: cols, cols: 1, gap: 0 },
    scale: 7,
    data: padded,
    spatial: false,
  };
}
