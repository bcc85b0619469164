// The planes the depthwise kernels slide over (a channel zero-padded, dy zero-padded for the
// gathered input gradient) and the runs they read. Addresses are bytes.

import { Window } from './window';

// @ts-ignore: decorator
@inline
export function paddedWidth(g: Window): i32 {
  return g.width + 2 * g.padW;
}

// @ts-ignore: decorator
@inline
export function planeFloats(g: Window): i32 {
  return ((((g.height + 2 * g.padH) * paddedWidth(g) + 3) >> 2) << 2) + PLANE_SLACK;
}

/** Floats past a plane's last row that a row's last vector may read or add zeros into (≤ 7). */
export const PLANE_SLACK = 16;

/**
 * D's width: dy's columns a stride apart (outW·strideW: zeros between them and after the last,
 * which covers the input columns past the last window), (kw − 1)·dilation zero columns each side.
 */
// @ts-ignore: decorator
@inline
export function dyPlaneWidth(g: Window): i32 {
  return g.outW * g.strideW + 2 * (g.kernelW - 1) * g.dilationW;
}

/** Floats of D: dy's rows a stride apart, (kh − 1)·dilation zero rows above and below, the slack. */
// @ts-ignore: decorator
@inline
export function dyPlaneFloats(g: Window): i32 {
  const rows = g.outH * g.strideH + 2 * (g.kernelH - 1) * g.dilationH;
  return (((rows * dyPlaneWidth(g) + 3) >> 2) << 2) + PLANE_SLACK;
}

/** Four values of a padded row from `at`, `stride` apart (1 or 2). */
// @ts-ignore: decorator
@inline
export function run4(at: usize, stride: i32): v128 {
  if (stride == 1) return v128.load(at);
  return i32x4.shuffle(v128.load(at), v128.load(at, 16), 0, 2, 4, 6);
}

/** Σ of the four lanes, in a fixed order. */
// @ts-ignore: decorator
@inline
export function lanes(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** The float at `at` += the lanes of `sum` and `tail`, in a fixed order. */
// @ts-ignore: decorator
@inline
export function addSum(at: usize, sum: v128, tail: f32): void {
  store<f32>(at, load<f32>(at) + (lanes(sum) + tail));
}

/**
 * Whether row `a` of D holds a row of dy: the others (the margins, and at stride s the s − 1 rows
 * between dy's) are zeros, which a gather may skip, as their terms add nothing.
 */
// @ts-ignore: decorator
@inline
export function dyRowLive(g: Window, a: i32): bool {
  const from = a - (g.kernelH - 1) * g.dilationH;
  return from >= 0 && from % g.strideH == 0 && from / g.strideH < g.outH;
}
