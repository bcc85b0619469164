// eˣ and the sigmoid four float32 lanes at a time: src/engine/math/expf.ts operation for
// operation (a multiply and an add never fused), so the two agree to the bit. See that file.

const HI: f32 = 88.3762626647949;
const LOG2E: f32 = 1.44269504088896341;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline
function step(y: v128, x: v128, p: f32): v128 {
  return f32x4.add(f32x4.mul(y, x), f32x4.splat(p));
}

/** eˣ of each lane. */
// @ts-ignore: decorator
@inline
export function expf4(v: v128): v128 {
  const x0 = f32x4.min(f32x4.max(v, f32x4.splat(-HI)), f32x4.splat(HI));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x0, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  let x = f32x4.sub(x0, f32x4.mul(n, f32x4.splat(C1)));
  x = f32x4.sub(x, f32x4.mul(n, f32x4.splat(C2)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = step(y, x, 1.3981999507e-3);
  y = step(y, x, 8.3334519073e-3);
  y = step(y, x, 4.1665795894e-2);
  y = step(y, x, 1.6666665459e-1);
  y = step(y, x, 5.0000001201e-1);
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1));
  // 2ⁿ from its bits; NaN lanes truncate to 0, and y is NaN there already.
  const power = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, power);
}

/** 1 / (1 + e⁻ˣ) of each lane. */
// @ts-ignore: decorator
@inline
export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expf4(f32x4.neg(x))));
}
