import type { Split } from './dataset';

export const NORMALIZATION_KINDS = ['scale', 'standardize'] as const;
export type NormalizationKind = (typeof NORMALIZATION_KINDS)[number];

/**
 * How grey levels become network inputs: x ↦ (x/255 − mean)/std. `scale` is mean 0, std 1 (inputs
 * in [0, 1]); `standardize` uses the training split's own mean and standard deviation.
 */
export interface Normalization {
  kind: NormalizationKind;
  mean: number;
  std: number;
}

export const SCALE: Normalization = { kind: 'scale', mean: 0, std: 1 };

/** The mean and (population) standard deviation of x/255 over every pixel of the split. */
export function standardization(split: Split): Normalization {
  // Integer sums stay exact in a double for any dataset that fits in memory.
  let sum = 0;
  let squares = 0;
  for (const x of split.images) {
    sum += x;
    squares += x * x;
  }
  const n = split.images.length;
  if (n === 0) return { kind: 'standardize', mean: 0, std: 1 };
  const mean = sum / n / 255;
  const variance = Math.max(0, squares / n / (255 * 255) - mean * mean);
  // A blank split has no spread; dividing by 1 then keeps the inputs finite.
  return { kind: 'standardize', mean, std: Math.sqrt(variance) || 1 };
}

/**
 * Writes images order[start], …, order[start+count−1] of the split into `out` as an NCHW batch
 * (C = 1) of (x/255 − mean)/std. Allocates nothing, so the training loop can reuse one buffer.
 */
export function writeBatch(
  split: Split,
  normalization: Normalization,
  order: ArrayLike<number>,
  start: number,
  count: number,
  out: Float32Array,
): void {
  if (start < 0 || count < 0 || start + count > order.length) {
    throw new RangeError(
      `batch ${start}..${start + count - 1} is outside the order (length ${order.length})`,
    );
  }
  const pixels = split.count === 0 ? 0 : split.images.length / split.count;
  if (out.length < count * pixels) {
    throw new RangeError(`batch of ${count}×${pixels} values does not fit in ${out.length}`);
  }
  const { mean, std } = normalization;
  const images = split.images;
  for (let i = 0; i < count; i++) {
    const index = order[start + i];
    if (!(index >= 0 && index < split.count)) {
      throw new RangeError(`image index ${index} is outside the split (count ${split.count})`);
    }
    const from = index * pixels;
    const to = i * pixels;
    for (let p = 0; p < pixels; p++) out[to + p] = (images[from + p] / 255 - mean) / std;
  }
}
