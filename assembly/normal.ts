import { expf4 } from './expf';

// The standard normal CDF Φ and density φ for GELU, four float32 lanes at a time:
// src/engine/math/normal.ts operation for operation (a multiply and an add never fused), so the
// two agree to the bit. See that file for the approximation.

const SQRT1_2: f32 = <f32>Math.SQRT1_2;
const ONE_OVER_SQRT_2PI: f32 = <f32>(1 / Math.sqrt(2 * Math.PI));

// @ts-ignore: decorator
@inline
function step(p: v128, t: v128, c: f32): v128 {
  return f32x4.add(f32x4.mul(p, t), f32x4.splat(c));
}

/** Φ of each lane; NaN stays NaN. */
// @ts-ignore: decorator
@inline
export function normalCdf4(x: v128): v128 {
  const z = f32x4.mul(f32x4.abs(x), f32x4.splat(SQRT1_2));
  const one = f32x4.splat(1);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(f32x4.splat(0.5), z)));
  let p = f32x4.splat(0.17087277);
  p = step(p, t, -0.82215223);
  p = step(p, t, 1.48851587);
  p = step(p, t, -1.13520398);
  p = step(p, t, 0.27886807);
  p = step(p, t, -0.18628806);
  p = step(p, t, 0.09678418);
  p = step(p, t, 0.37409196);
  p = step(p, t, 1.00002368);
  const square = f32x4.neg(f32x4.mul(z, z));
  const exponent = f32x4.add(f32x4.add(square, f32x4.splat(-1.26551223)), f32x4.mul(t, p));
  const half = f32x4.mul(f32x4.splat(0.5), f32x4.mul(t, expf4(exponent)));
  return v128.bitselect(f32x4.sub(one, half), half, f32x4.ge(x, f32x4.splat(0)));
}

/** φ(x) = e^(−x²/2) / √(2π) of each lane. */
// @ts-ignore: decorator
@inline
export function normalDensity4(x: v128): v128 {
  const exponent = f32x4.mul(f32x4.splat(-0.5), f32x4.mul(x, x));
  return f32x4.mul(expf4(exponent), f32x4.splat(ONE_OVER_SQRT_2PI));
}
