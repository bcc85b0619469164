// A drawn digit made to look like an MNIST digit, the way MNIST's were made: the ink's bounding box
// cropped, scaled (keeping its aspect ratio) to fit a 20×20 box, placed in a 28×28 image so the
// centre of mass of the ink is at the centre, then lightly blurred. Ink is 0..255, 255 the stroke.

import { resampleArea, type Box } from '../../../engine/datasets/resample';

export const SIDE = 28;
const BOX = 20;
/** Ink weaker than this (of 255) does not count towards the bounding box. */
const THRESHOLD = 8;

/** The 28×28 grey levels the network is shown, or null when nothing is drawn. */
export function preprocess(
  ink: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): Uint8Array<ArrayBuffer> | null {
  const box = boundingBox(ink, width, height);
  if (!box) return null;
  const side = Math.max(box.width, box.height);
  const scale = BOX / side;
  const outWidth = Math.max(1, Math.round(box.width * scale));
  const outHeight = Math.max(1, Math.round(box.height * scale));
  const small = Float32Array.from(resampleArea(ink, width, box, outWidth, outHeight));

  // Place the scaled ink so its centre of mass lands on the image centre.
  const mass = centreOfMass(small, outWidth, outHeight);
  const left = Math.round(SIDE / 2 - mass.x);
  const top = Math.round(SIDE / 2 - mass.y);
  const placed = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const tx = x + left;
      const ty = y + top;
      if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE)
        placed[ty * SIDE + tx] = small[y * outWidth + x];
    }
  }
  return toBytes(blur(placed, SIDE, SIDE));
}

function boundingBox(ink: ArrayLike<number>, width: number, height: number): Box | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < THRESHOLD) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

export function centreOfMass(
  values: ArrayLike<number>,
  width: number,
  height: number,
): { x: number; y: number } {
  let total = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x];
      total += v;
      // Pixel centres, so a single pixel at (0, 0) has its mass at (0.5, 0.5).
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return total > 0 ? { x: mx / total, y: my / total } : { x: width / 2, y: height / 2 };
}

/** A light separable blur, [1 4 1]/6 each way: softens the edges as MNIST's anti-aliasing did. */
function blur(values: Float32Array, width: number, height: number): Float32Array {
  const weights = [1 / 6, 4 / 6, 1 / 6];
  const pass = (source: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(source.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = -1; k <= 1; k++) {
          const sx = x + k * dx;
          const sy = y + k * dy;
          if (sx >= 0 && sx < width && sy >= 0 && sy < height) {
            sum += source[sy * width + sx] * weights[k + 1];
          }
        }
        out[y * width + x] = sum;
      }
    }
    return out;
  };
  return pass(pass(values, 1, 0), 0, 1);
}

/** Rounded to grey levels, the strongest ink made 255 as in MNIST. */
function toBytes(values: Float32Array): Uint8Array<ArrayBuffer> {
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  const out = new Uint8Array(values.length);
  if (max === 0) return out;
  for (let i = 0; i < values.length; i++) out[i] = Math.round((values[i] / max) * 255);
  return out;
}

/** The image moved by whole pixels (right and down positive); what moves out is lost, zeros move in. */
export function shiftImage(
  pixels: Uint8Array,
  width: number,
  height: number,
  dx: number,
  dy: number,
): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(pixels.length);
  for (let y = 0; y < height; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= height) continue;
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < width) out[y * width + x] = pixels[sy * width + sx];
    }
  }
  return out;
}
