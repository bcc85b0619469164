import type { Split } from '../engine/datasets';
import type { Image } from './protocol';

/**
 * Resamples a greyscale image to height×width by area averaging: each output pixel is the mean of
 * the input area it covers (fractional pixels weighted by overlap), which neither drops thin
 * strokes when shrinking (28×28 → 8×8) nor invents detail when growing.
 */
export function resizeImage(image: Image, height: number, width: number): Uint8Array {
  const { pixels, height: sourceHeight, width: sourceWidth } = image;
  if (sourceHeight === height && sourceWidth === width) return pixels.slice();
  const out = new Uint8Array(height * width);
  const scaleY = sourceHeight / height;
  const scaleX = sourceWidth / width;
  for (let y = 0; y < height; y++) {
    const top = y * scaleY;
    const bottom = top + scaleY;
    for (let x = 0; x < width; x++) {
      const left = x * scaleX;
      const right = left + scaleX;
      let sum = 0;
      for (let sy = Math.floor(top); sy < Math.min(Math.ceil(bottom), sourceHeight); sy++) {
        const coverY = Math.min(bottom, sy + 1) - Math.max(top, sy);
        for (let sx = Math.floor(left); sx < Math.min(Math.ceil(right), sourceWidth); sx++) {
          const coverX = Math.min(right, sx + 1) - Math.max(left, sx);
          sum += pixels[sy * sourceWidth + sx] * coverY * coverX;
        }
      }
      out[y * width + x] = Math.round(sum / (scaleY * scaleX));
    }
  }
  return out;
}

/** One image as a split of its own, so it goes through the datasets' own normalisation. */
export function singleImageSplit(pixels: Uint8Array, label = 0): Split {
  return { images: pixels, labels: Uint8Array.of(label), count: 1 };
}
