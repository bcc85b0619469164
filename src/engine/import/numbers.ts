// Settings read from float32 fields written as the decimals a person would type: ONNX stores
// epsilon 1e-5 as 9.99999974738e-6, which is 1e-5 again once rounded to float32.

/** The shortest decimal that rounds to the same float32 as `x`. */
export function shortestFloat32(x: number): number {
  const target = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target;
}

/** 1 − x with x read as above, without float noise: 1 − 0.9 is 0.1. */
export function complementFloat32(x: number): number {
  return Number((1 - shortestFloat32(x)).toPrecision(9));
}

/** `n` for a square setting, `[h, w]` otherwise, as the document writes window settings. */
export const intOrPair = ([h, w]: number[]): number | [number, number] => (h === w ? h : [h, w]);
