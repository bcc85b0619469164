import { describe, expect, it } from 'vitest';
import { centreOfMass, preprocess, shiftImage, SIDE } from './preprocess';

/** A 280×280 pad with a filled rectangle of ink. */
function pad(x0: number, y0: number, x1: number, y1: number): Uint8ClampedArray {
  const ink = new Uint8ClampedArray(280 * 280);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * 280 + x] = 255;
  return ink;
}

function inkBox(image: Uint8Array, threshold = 128) {
  let top = SIDE;
  let bottom = -1;
  let left = SIDE;
  let right = -1;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      if (image[y * SIDE + x] < threshold) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return { top, bottom, left, right };
}

describe('MNIST-like preprocessing of a drawing', () => {
  it('is null for an empty pad', () => {
    expect(preprocess(new Uint8ClampedArray(280 * 280), 280, 280)).toBeNull();
  });

  it('scales the ink into 20 pixels, keeping its aspect ratio, centred by mass in 28×28', () => {
    // A tall bar in the pad's top-left corner: 40 wide, 200 high.
    const image = preprocess(pad(10, 20, 50, 220), 280, 280)!;
    expect(image).toHaveLength(SIDE * SIDE);
    const box = inkBox(image);
    expect(box.bottom - box.top + 1).toBe(20);
    expect(box.right - box.left + 1).toBe(4);
    const mass = centreOfMass(image, SIDE, SIDE);
    expect(mass.x).toBeCloseTo(14, 0);
    expect(mass.y).toBeCloseTo(14, 0);
    expect(Math.max(...image)).toBe(255);
  });

  it('blurs lightly: the edges are grey, the core is full ink', () => {
    const image = preprocess(pad(100, 40, 180, 240), 280, 280)!;
    const greys = image.filter((v) => v > 0 && v < 255).length;
    expect(greys).toBeGreaterThan(0);
    expect(image.filter((v) => v === 255).length).toBeGreaterThan(0);
  });

  it('shifts by whole pixels, zeros moving in', () => {
    const image = new Uint8Array(9);
    image[4] = 7; // the centre of 3×3
    expect([...shiftImage(image, 3, 3, 1, 0)]).toEqual([0, 0, 0, 0, 0, 7, 0, 0, 0]);
    expect([...shiftImage(image, 3, 3, 0, -1)]).toEqual([0, 7, 0, 0, 0, 0, 0, 0, 0]);
    expect([...shiftImage(image, 3, 3, 2, 0)]).toEqual(new Array(9).fill(0));
  });
});
