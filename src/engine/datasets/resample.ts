// Area-averaging resampling of greyscale images, shared by the drawing pad (a drawn digit into its
// 20×20 box) and the worker (any image to the model's input size).

/** A rectangle of an image, in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Resamples `box` of an image (rows of `stride` values) to outWidth×outHeight: each output value
 * is the mean of the area it covers, fractional pixels weighted by overlap, so shrinking keeps
 * thin strokes and growing invents no detail.
 */
export function resampleArea(
  image: ArrayLike<number>,
  stride: number,
  box: Box,
  outWidth: number,
  outHeight: number,
): Float64Array {
  const out = new Float64Array(outWidth * outHeight);
  const sx = box.width / outWidth;
  const sy = box.height / outHeight;
  for (let y = 0; y < outHeight; y++) {
    const top = y * sy;
    const bottom = top + sy;
    for (let x = 0; x < outWidth; x++) {
      const left = x * sx;
      const right = left + sx;
      let sum = 0;
      for (let py = Math.floor(top); py < Math.min(Math.ceil(bottom), box.height); py++) {
        const coverY = Math.min(bottom, py + 1) - Math.max(top, py);
        for (let px = Math.floor(left); px < Math.min(Math.ceil(right), box.width); px++) {
          const coverX = Math.min(right, px + 1) - Math.max(left, px);
          sum += image[(box.y + py) * stride + box.x + px] * coverX * coverY;
        }
      }
      out[y * outWidth + x] = sum / (sx * sy);
    }
  }
  return out;
}
