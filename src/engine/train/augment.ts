import type { Random } from '../random';

// Light augmentation: each image moved by a random whole-pixel shift, vacated pixels filled with
// the background (the normalised value of a 0 grey level), on the normalised NCHW batch.

/**
 * Moves the `[C, H, W]` image at `offset` in place by `dy` rows down and `dx` columns right:
 * out[c, y, x] = in[c, y − dy, x − dx], or `fill` where that falls outside. `scratch` holds H·W.
 */
export function shiftImage(
  batch: Float32Array,
  offset: number,
  channels: number,
  height: number,
  width: number,
  dy: number,
  dx: number,
  fill: number,
  scratch: Float32Array,
): void {
  if (dy === 0 && dx === 0) return;
  const plane = height * width;
  for (let c = 0; c < channels; c++) {
    const base = offset + c * plane;
    scratch.set(batch.subarray(base, base + plane));
    for (let y = 0; y < height; y++) {
      const sy = y - dy;
      for (let x = 0; x < width; x++) {
        const sx = x - dx;
        const inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
        batch[base + y * width + x] = inside ? scratch[sy * width + sx] : fill;
      }
    }
  }
}

/** Shifts each of the first `count` images of the batch by dy, dx drawn uniformly from −max..max. */
export function shiftBatch(
  batch: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  maxShift: number,
  fill: number,
  random: Random,
  scratch: Float32Array,
): void {
  const [channels, height, width] = shape;
  const size = channels * height * width;
  for (let i = 0; i < count; i++) {
    const dy = random.int(2 * maxShift + 1) - maxShift;
    const dx = random.int(2 * maxShift + 1) - maxShift;
    shiftImage(batch, i * size, channels, height, width, dy, dx, fill, scratch);
  }
}
