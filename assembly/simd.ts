// One source, two builds: with relaxed SIMD the multiply-add is one fused instruction (FMA on
// x86-64 and ARM64); without it, a multiply and an add. The branch is resolved at compile time.
// And the partial loads and stores of a row's last vector, which every row-wise kernel needs.

/** a·b + c, lane by lane. */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** The first `count` values from `at` (all four when count ≥ 4), the other lanes zero. */
// @ts-ignore: decorator
@inline
export function loadFirst(at: usize, count: i32): v128 {
  if (count >= 4) return v128.load(at);
  let v = v128.load32_zero(at);
  if (count > 1) v = v128.load32_lane(at, v, 1, 4);
  if (count > 2) v = v128.load32_lane(at, v, 2, 8);
  return v;
}

/** Stores the first `count` lanes of v at `at` (all four when count ≥ 4). */
// @ts-ignore: decorator
@inline
export function storeFirst(at: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(at, v);
    return;
  }
  v128.store32_lane(at, v, 0);
  if (count > 1) v128.store32_lane(at, v, 1, 4);
  if (count > 2) v128.store32_lane(at, v, 2, 8);
}
