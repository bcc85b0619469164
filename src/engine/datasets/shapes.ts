import type { Split } from './dataset';
import { mulberry32, randomInt } from './prng';

/** The four classes, in label order. */
export const SHAPE_CLASSES = ['vertical bar', 'horizontal bar', 'square', 'cross'];

export interface ShapesOptions {
  /** Any 32-bit integer; the same seed always gives the same bytes. */
  seed: number;
  count: number;
  /** Side of the square images in pixels, 8..256 (default 16). */
  size?: number;
}

/** Background grain: each pixel gets a uniform grey level below this. */
const NOISE = 32;

type Paint = (x: number, y: number, width: number, height: number) => void;

/**
 * A synthetic set of one shape per image at a random place and size on a lightly noisy
 * background. Labels cycle 0,1,2,3 so any prefix is balanced. Generated with mulberry32 from the
 * seed alone, so the same options give byte-identical output on every platform.
 */
export function generateShapes({ seed, count, size = 16 }: ShapesOptions): Split {
  if (!Number.isInteger(size) || size < 8 || size > 256) {
    throw new RangeError(`shapes: size must be an integer 8..256, got ${size}`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`shapes: count must be a non-negative integer, got ${count}`);
  }
  const random = mulberry32(seed);
  const pixels = size * size;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const image = images.subarray(i * pixels, (i + 1) * pixels);
    for (let p = 0; p < pixels; p++) image[p] = Math.floor(random() * NOISE);
    const level = randomInt(random, 160, 255);
    const paint: Paint = (x, y, width, height) => {
      for (let row = y; row < y + height; row++) {
        for (let col = x; col < x + width; col++) {
          image[row * size + col] = level - Math.floor(random() * NOISE);
        }
      }
    };
    labels[i] = i % SHAPE_CLASSES.length;
    drawShape(labels[i], size, random, paint);
  }
  return { images, labels, count };
}

// Bars are long and thin and outlines are large and hollow, so no two classes can look alike.
function drawShape(label: number, size: number, random: () => number, paint: Paint): void {
  const thickness = randomInt(random, 1, Math.max(1, Math.floor(size / 8)));
  switch (label) {
    case 0:
    case 1: {
      const length = randomInt(random, Math.ceil(size / 2), size - 2);
      const across = randomInt(random, 0, size - thickness);
      const along = randomInt(random, 0, size - length);
      if (label === 0) paint(across, along, thickness, length);
      else paint(along, across, length, thickness);
      return;
    }
    case 2: {
      const side = randomInt(random, Math.max(5, Math.ceil(size / 3)), size - 2);
      const stroke = Math.min(thickness, Math.floor(side / 5));
      const x = randomInt(random, 0, size - side);
      const y = randomInt(random, 0, size - side);
      paint(x, y, side, stroke);
      paint(x, y + side - stroke, side, stroke);
      paint(x, y, stroke, side);
      paint(x + side - stroke, y, stroke, side);
      return;
    }
    default: {
      const span = randomInt(random, Math.max(5, Math.ceil(size / 3)), size - 2);
      const x = randomInt(random, 0, size - span);
      const y = randomInt(random, 0, size - span);
      const middle = Math.floor((span - thickness) / 2);
      paint(x, y + middle, span, thickness);
      paint(x + middle, y, thickness, span);
    }
  }
}
