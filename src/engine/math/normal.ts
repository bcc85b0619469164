import { expf } from './expf';

// The standard normal distribution's CDF Φ and density φ, for GELU (x·Φ(x), PyTorch's exact
// form), in float32, every operation rounded: Φ(x) = erfc(−x/√2)/2 with erfc by Numerical
// Recipes' erfcc, t·exp(−z² + P(t)) with t = 1/(1 + z/2) (fractional error below 1.2e-7 for
// every z, one division, one exp, no branch but the sign), and φ through the same float32 exp.
// assembly/normal.ts computes both four lanes at a time to the same bits. Within a few float32
// ulps of Φ where Φ is a normal float; the lower tail within x²·1e-7 relative, its exponent −z²
// rounded once; Φ underflows to 0 below about −13.

const f32 = Math.fround;
const SQRT1_2 = f32(Math.SQRT1_2);
const ONE_OVER_SQRT_2PI = f32(1 / Math.sqrt(2 * Math.PI));
const ERFC_OFFSET = f32(-1.26551223);
/** P(t)'s coefficients, t⁰ first. */
const ERFC_P = [
  1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
].map(f32);

/** erfc(z)'s form for z ≥ 0, t·exp(−z² − 1.26551223 + t·P(t)). */
function erfcPositive(z: number): number {
  const t = f32(1 / f32(1 + f32(0.5 * z)));
  let p = ERFC_P[ERFC_P.length - 1];
  for (let k = ERFC_P.length - 2; k >= 0; k--) p = f32(f32(p * t) + ERFC_P[k]);
  const exponent = f32(f32(-f32(z * z) + ERFC_OFFSET) + f32(t * p));
  return f32(t * expf(exponent));
}

/** Φ(x), the probability that a standard normal value is at most x; NaN stays NaN. */
export function normalCdf(x: number): number {
  const r = erfcPositive(f32(Math.abs(x) * SQRT1_2));
  const half = f32(0.5 * r);
  return x >= 0 ? f32(1 - half) : half;
}

/** φ(x) = e^(−x²/2) / √(2π). */
export function normalDensity(x: number): number {
  return f32(expf(f32(-0.5 * f32(x * x))) * ONE_OVER_SQRT_2PI);
}
