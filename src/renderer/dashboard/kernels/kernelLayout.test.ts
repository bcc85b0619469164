import { describe, expect, it } from 'vitest';
import { kernelLayout, MAX_COLS, MAX_ROWS } from './kernelLayout';

/** Weights numbered by position, so where each lands can be read off. */
const numbered = (shape: number[]) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);

describe('kernel layout', () => {
  it("lays the first layer's filters out as a row of small images", () => {
    const layout = kernelLayout([6, 1, 5, 5], numbered([6, 1, 5, 5]));
    expect(layout.grid).toEqual({ count: 6, height: 5, width: 5, cols: 6, gap: 2 });
    expect(layout.scale).toBe(8);
    expect(layout.data.length).toBe(150);
  });

  it('gives a deeper layer one row per filter and one cell per input channel', () => {
    const data = numbered([16, 6, 5, 5]);
    const layout = kernelLayout([16, 6, 5, 5], data);
    expect(layout.grid).toEqual({ count: 96, height: 5, width: 5, cols: 6, gap: 2 });
    expect([layout.filters, layout.channels]).toEqual([16, 6]);
    expect(layout.data).toEqual(data);
  });

  it('draws at most 32 filters × 32 channels, each cell the kernel of its filter and channel', () => {
    const shape = [40, 48, 3, 3];
    const layout = kernelLayout(shape, numbered(shape));
    expect([layout.filters, layout.channels]).toEqual([MAX_ROWS, MAX_COLS]);
    expect(layout.grid.cols).toBe(32);
    const cell = (row: number, col: number) => [
      ...layout.data.subarray((row * 32 + col) * 9, (row * 32 + col + 1) * 9),
    ];
    // Filter 2, channel 5 starts at weight (2·48 + 5)·9.
    expect(cell(2, 5)).toEqual(Array.from({ length: 9 }, (_, i) => (2 * 48 + 5) * 9 + i));
    expect(cell(31, 31)[0]).toBe((31 * 48 + 31) * 9);
  });
});
