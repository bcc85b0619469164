import { describe, expect, it } from 'vitest';
import {
  colourOf,
  divergingScale,
  gridSize,
  inkScale,
  paintGrid,
  tileAt,
  type Grid,
  type Scale,
} from './paint';

describe('painting grids of values', () => {
  const grid: Grid = { count: 5, height: 2, width: 3, cols: 3, gap: 1 };

  it('lays tiles out with gaps, and finds the tile and value under a pixel', () => {
    expect(gridSize(grid)).toEqual({ width: 11, height: 5 });
    expect(tileAt(grid, 0, 0)).toEqual({ index: 0, row: 0, col: 0 });
    expect(tileAt(grid, 6, 4)).toEqual({ index: 4, row: 1, col: 2 });
    expect(tileAt(grid, 3, 0)).toBeNull(); // a gap
    expect(tileAt(grid, 8, 3)).toBeNull(); // where a sixth tile would be
  });

  it('writes every value of every tile, leaving the gaps transparent', () => {
    const data = Float32Array.from({ length: 30 }, (_, i) => i);
    // A table whose entry i is red i: the painted red is the value.
    const table = new Uint8ClampedArray(255 * 3);
    for (let i = 0; i < 255; i++) table[i * 3] = i;
    const identity: Scale = { table, blank: [0, 0, 0], level: (v) => v };
    const painted = paintGrid(data, grid, identity);
    const at = (x: number, y: number) => painted.pixels[(y * painted.width + x) * 4];
    const alpha = (x: number, y: number) => painted.pixels[(y * painted.width + x) * 4 + 3];
    expect(at(0, 0)).toBe(0);
    expect(at(2, 1)).toBe(5); // tile 0, row 1, col 2
    expect(at(4, 0)).toBe(6); // tile 1 starts after one gap column
    expect(at(6, 4)).toBe(29); // tile 4, row 1, col 2
    expect(alpha(3, 0)).toBe(0);
  });

  it('paints each value as a square of `cell` pixels, with gaps of `gap` pixels', () => {
    const big: Grid = { count: 2, height: 1, width: 2, cols: 2, gap: 1, cell: 3 };
    expect(gridSize(big)).toEqual({ width: 13, height: 3 });
    expect(tileAt(big, 8, 2)).toEqual({ index: 1, row: 0, col: 0 });
    expect(tileAt(big, 11, 0)).toEqual({ index: 1, row: 0, col: 1 });
    expect(tileAt(big, 6, 0)).toBeNull();
    const table = new Uint8ClampedArray(255 * 3);
    for (let i = 0; i < 255; i++) table[i * 3] = i;
    const painted = paintGrid([10, 20, 30, 40], big, { table, blank: [0, 0, 0], level: (v) => v });
    const red = (x: number, y: number) => painted.pixels[(y * painted.width + x) * 4];
    expect([red(0, 0), red(2, 2), red(3, 1), red(7, 0), red(12, 2)]).toEqual([10, 10, 20, 30, 40]);
  });

  it('colours weights blue–white–red around 0 and activations as grey ink; NaN is blank', () => {
    const weights = divergingScale(1);
    expect(colourOf(weights, 0)).toEqual([255, 255, 255]);
    expect(colourOf(weights, -1)).toEqual([33, 102, 172]);
    expect(colourOf(weights, 5)).toEqual([178, 24, 43]);
    const [r, g, b] = colourOf(weights, -0.5);
    expect(b).toBeGreaterThan(r);
    expect(g).toBeLessThan(255);
    const activations = inkScale(0, 10);
    expect(colourOf(activations, 0)).toEqual([255, 255, 255]);
    expect(colourOf(activations, 10)).toEqual([27, 31, 36]);
    expect(colourOf(activations, NaN)).toEqual(activations.blank);
  });
});
