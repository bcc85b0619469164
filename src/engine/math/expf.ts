// eˣ in float32, every operation rounded to float32: Cephes' expf (x split by ln 2 in two parts
// for the range reduction, a degree-5 polynomial, the power of two made from its bits), which
// assembly/expf.ts computes four lanes at a time to the same bits. Within two ulps where the
// result is a normal float; x is clamped to ±88.376, so the largest result is about 2.4·10³⁸ and
// below the clamp it is 0 (2⁻¹²⁷'s bits); NaN stays NaN.

const f32 = Math.fround;
const HI = f32(88.3762626647949);
const LOG2E = f32(Math.LOG2E);
const C1 = f32(0.693359375);
const C2 = f32(-2.1219444e-4);
const P = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
  5.0000001201e-1,
].map(f32);
/** Float32 of bits (n + 127) << 23 at index n + 127, n in [−127, 128]: 2ⁿ, and 0 at −127. */
const POWERS = new Float32Array(new Uint32Array(256).map((_, i) => i << 23).buffer);

export function expf(v: number): number {
  const x0 = Math.min(Math.max(f32(v), -HI), HI);
  const n = Math.floor(f32(f32(x0 * LOG2E) + 0.5));
  let x = f32(x0 - f32(n * C1));
  x = f32(x - f32(n * C2));
  const z = f32(x * x);
  let y = P[0];
  for (let k = 1; k < P.length; k++) y = f32(f32(y * x) + P[k]);
  y = f32(f32(f32(y * z) + x) + 1);
  return f32(y * POWERS[n + 127]);
}

/** 1 / (1 + e⁻ˣ) in float32, as the fast kernels compute it. */
export function sigmoidf(x: number): number {
  return f32(1 / f32(1 + expf(-x)));
}
