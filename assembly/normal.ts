// The standard normal CDF Φ and density φ for GELU: src/engine/math/normal.ts step for step, in
// f64, so the two agree to the bit wherever their exp does (see that file for the expansions).

const TWO_OVER_SQRT_PI: f64 = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI: f64 = 1 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_2PI: f64 = 1 / Math.sqrt(2 * Math.PI);
const SERIES_LIMIT: f64 = 2;
const SERIES_TERMS = 60;
const FRACTION_DEPTH = 60;

/** erf(z) for 0 ≤ z < 2. */
function erfSeries(z: f64): f64 {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < SERIES_TERMS; n++) {
    term *= (2 * z2) / <f64>(2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-z2) * sum;
}

/** erfc(z) for z ≥ 2, the continued fraction evaluated from its tail. */
function erfcFraction(z: f64): f64 {
  let tail = z;
  for (let k = FRACTION_DEPTH; k >= 1; k--) tail = z + <f64>k / 2 / tail;
  return (ONE_OVER_SQRT_PI * Math.exp(-z * z)) / tail;
}

/** Φ(x). */
export function normalCdf(x: f64): f64 {
  if (isNaN(x)) return x;
  const z = x * Math.SQRT1_2;
  const a = Math.abs(z);
  if (a < SERIES_LIMIT) {
    const e = erfSeries(a);
    return z >= 0 ? 0.5 * (1 + e) : 0.5 * (1 - e);
  }
  const tail = 0.5 * erfcFraction(a);
  return z > 0 ? 1 - tail : tail;
}

/** φ(x) = e^(−x²/2) / √(2π). */
export function normalDensity(x: f64): f64 {
  return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
}
