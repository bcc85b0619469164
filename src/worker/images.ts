import type { Split } from '../engine/datasets';
import { resampleArea } from '../engine/datasets/resample';
import type { Image } from '../shared/protocol';

/** A greyscale image resampled to height×width by area averaging (see engine/datasets/resample.ts). */
export function resizeImage(image: Image, height: number, width: number): Uint8Array {
  const { pixels, height: sourceHeight, width: sourceWidth } = image;
  if (sourceHeight === height && sourceWidth === width) return pixels.slice();
  const box = { x: 0, y: 0, width: sourceWidth, height: sourceHeight };
  return Uint8Array.from(resampleArea(pixels, sourceWidth, box, width, height), Math.round);
}

/** One image as a split of its own, so it goes through the datasets' own normalisation. */
export function singleImageSplit(pixels: Uint8Array, label = 0): Split {
  return { images: pixels, labels: Uint8Array.of(label), count: 1 };
}
