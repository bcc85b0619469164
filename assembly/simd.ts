// One source, two builds: with relaxed SIMD the multiply-add is one fused instruction (FMA on
// x86-64 and ARM64); without it, a multiply and an add. The branch is resolved at compile time.

/** a·b + c, lane by lane. */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
