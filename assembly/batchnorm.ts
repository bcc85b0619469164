import { partStart } from './parts';
import { loadFirst, storeFirst } from './simd';

// Batch norm over x[N, C, S], src/engine/kernels/reference/batchnorm.ts step for step, so the two
// agree to the bit: the sums in f64, each as four partial sums by a value's position in its row
// mod 4 (lanes of two f64x2 accumulators, the f32 lanes widened), combined (s0 + s1) + (s2 + s3);
// the per-value passes in f32x4, a multiply and an add never fused, as the reference rounds. A row's
// last values (S mod 4) are loaded with zeros in the other lanes, and a sum's terms there are
// masked to zero: adding +0 to a partial sum that began at +0 changes no bit. Parts split the
// channels, whose statistics are independent, so any number of threads gives the bits of one.

/** Lanes 0 and 1 of v, widened. */
// @ts-ignore: decorator
@inline
function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2 and 3 of v, widened. */
// @ts-ignore: decorator
@inline
function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** All-ones in the f64 lanes `first` and `first + 1` that are below `count`, zero elsewhere. */
// @ts-ignore: decorator
@inline
function laneMask(count: i32, first: i32): v128 {
  const a: i64 = count > first ? -1 : 0;
  const b: i64 = count > first + 1 ? -1 : 0;
  return i64x2.replace_lane(i64x2.splat(a), 1, b);
}

/** (s0 + s1) + (s2 + s3) of the partial sums in lanes of `lo` (s0, s1) and `hi` (s2, s3). */
// @ts-ignore: decorator
@inline
function total(lo: v128, hi: v128): f64 {
  return (
    f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) +
    (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1))
  );
}

/** Σ x over the channel's values at `first + b·sample` (bytes), as the reference adds them. */
function channelSum(x: usize, batch: i32, sample: usize, first: usize, spatial: i32): f64 {
  const whole = spatial & ~3;
  const rest = spatial - whole;
  let lo = f64x2.splat(0);
  let hi = lo;
  for (let b = 0; b < batch; b++) {
    const row = x + <usize>b * sample + first;
    for (let i = 0; i < whole; i += 4) {
      const v = v128.load(row + <usize>i * 4);
      lo = f64x2.add(lo, low(v));
      hi = f64x2.add(hi, high(v));
    }
    if (rest) {
      const v = loadFirst(row + <usize>whole * 4, rest);
      lo = f64x2.add(lo, low(v));
      hi = f64x2.add(hi, high(v));
    }
  }
  return total(lo, hi);
}

/** Σ (x − mean)² over the channel's values, as the reference adds them. */
function channelSquares(
  x: usize,
  batch: i32,
  sample: usize,
  first: usize,
  spatial: i32,
  mean: f64,
): f64 {
  const whole = spatial & ~3;
  const rest = spatial - whole;
  const m = f64x2.splat(mean);
  const maskLo = laneMask(rest, 0);
  const maskHi = laneMask(rest, 2);
  let lo = f64x2.splat(0);
  let hi = lo;
  for (let b = 0; b < batch; b++) {
    const row = x + <usize>b * sample + first;
    for (let i = 0; i < whole; i += 4) {
      const v = v128.load(row + <usize>i * 4);
      const dl = f64x2.sub(low(v), m);
      const dh = f64x2.sub(high(v), m);
      lo = f64x2.add(lo, f64x2.mul(dl, dl));
      hi = f64x2.add(hi, f64x2.mul(dh, dh));
    }
    if (rest) {
      const v = loadFirst(row + <usize>whole * 4, rest);
      const dl = v128.and(f64x2.sub(low(v), m), maskLo);
      const dh = v128.and(f64x2.sub(high(v), m), maskHi);
      lo = f64x2.add(lo, f64x2.mul(dl, dl));
      hi = f64x2.add(hi, f64x2.mul(dh, dh));
    }
  }
  return total(lo, hi);
}

/** x̂ = (x − mean)·inv and y = γ·x̂ + β for four values, `count` of them stored. */
// @ts-ignore: decorator
@inline
function normalize4(
  x: usize,
  xHat: usize,
  y: usize,
  count: i32,
  m: v128,
  inv: v128,
  g: v128,
  bt: v128,
): void {
  const h = f32x4.mul(f32x4.sub(loadFirst(x, count), m), inv);
  storeFirst(xHat, h, count);
  // A multiply and an add, never fused: the reference rounds between them.
  storeFirst(y, f32x4.add(f32x4.mul(g, h), bt), count);
}

/** One channel's mean and variance (training: the batch's, moving the running ones). */
export function batchnormForward(
  part: i32,
  parts: i32,
  channels: i32,
  spatial: i32,
  batch: i32,
  training: bool,
  momentum: f64,
  epsilon: f64,
  x: usize,
  y: usize,
  xHat: usize,
  gamma: usize,
  beta: usize,
  runningMean: usize,
  runningVar: usize,
  invStd: usize,
): void {
  const sample = <usize>channels * <usize>spatial * 4;
  const count = <f64>batch * <f64>spatial;
  const end = partStart(channels, part + 1, parts);
  for (let ch = partStart(channels, part, parts); ch < end; ch++) {
    const first = <usize>ch * <usize>spatial * 4;
    let mean: f64;
    let variance: f64;
    if (training) {
      mean = channelSum(x, batch, sample, first, spatial) / count;
      const sq = channelSquares(x, batch, sample, first, spatial, mean);
      variance = sq / count;
      const unbiased = count > 1 ? sq / (count - 1) : variance;
      const m = runningMean + <usize>ch * 4;
      const v = runningVar + <usize>ch * 4;
      store<f32>(m, <f32>((1 - momentum) * <f64>load<f32>(m) + momentum * mean));
      store<f32>(v, <f32>((1 - momentum) * <f64>load<f32>(v) + momentum * unbiased));
    } else {
      mean = <f64>load<f32>(runningMean + <usize>ch * 4);
      variance = <f64>load<f32>(runningVar + <usize>ch * 4);
    }
    const inv = 1 / Math.sqrt(variance + epsilon);
    store<f64>(invStd + <usize>ch * 8, inv);
    const m = f32x4.splat(<f32>mean);
    const iv = f32x4.splat(<f32>inv);
    const g = v128.load32_splat(gamma + <usize>ch * 4);
    const bt = v128.load32_splat(beta + <usize>ch * 4);
    for (let b = 0; b < batch; b++) {
      const at = <usize>b * sample + first;
      for (let i = 0; i < spatial; i += 4) {
        const o = at + <usize>i * 4;
        normalize4(x + o, xHat + o, y + o, spatial - i, m, iv, g, bt);
      }
    }
  }
}

/** (Σ dy, Σ dy·x̂) over the channel's values, as the reference adds them. */
function gradientSums(
  dy: usize,
  xHat: usize,
  batch: i32,
  sample: usize,
  first: usize,
  spatial: i32,
): v128 {
  let dLo = f64x2.splat(0);
  let dHi = dLo;
  let pLo = dLo;
  let pHi = dLo;
  for (let b = 0; b < batch; b++) {
    const at = <usize>b * sample + first;
    for (let i = 0; i < spatial; i += 4) {
      // Lanes past the row load as zeros in both, so their products are +0 too.
      const d = loadFirst(dy + at + <usize>i * 4, spatial - i);
      const h = loadFirst(xHat + at + <usize>i * 4, spatial - i);
      const dl = low(d);
      const dh = high(d);
      dLo = f64x2.add(dLo, dl);
      dHi = f64x2.add(dHi, dh);
      pLo = f64x2.add(pLo, f64x2.mul(dl, low(h)));
      pHi = f64x2.add(pHi, f64x2.mul(dh, high(h)));
    }
  }
  return f64x2.replace_lane(f64x2.splat(total(dLo, dHi)), 1, total(pLo, pHi));
}

/** dγ, dβ and (where dx ≠ 0) dx of each channel, from the forward's x̂ and 1/σ. */
export function batchnormBackward(
  part: i32,
  parts: i32,
  channels: i32,
  spatial: i32,
  batch: i32,
  trained: bool,
  dy: usize,
  xHat: usize,
  gamma: usize,
  invStd: usize,
  dGamma: usize,
  dBeta: usize,
  dx: usize,
): void {
  const sample = <usize>channels * <usize>spatial * 4;
  const count = <f64>batch * <f64>spatial;
  const end = partStart(channels, part + 1, parts);
  for (let ch = partStart(channels, part, parts); ch < end; ch++) {
    const first = <usize>ch * <usize>spatial * 4;
    const sums = gradientSums(dy, xHat, batch, sample, first, spatial);
    const sumDy = f64x2.extract_lane(sums, 0);
    const sumDyXHat = f64x2.extract_lane(sums, 1);
    const gAt = dGamma + <usize>ch * 4;
    const bAt = dBeta + <usize>ch * 4;
    store<f32>(gAt, <f32>(<f64>load<f32>(gAt) + sumDyXHat));
    store<f32>(bAt, <f32>(<f64>load<f32>(bAt) + sumDy));
    if (dx == 0) continue;
    const gammaOf = <f64>load<f32>(gamma + <usize>ch * 4);
    const scale = f32x4.splat(<f32>(gammaOf * load<f64>(invStd + <usize>ch * 8)));
    const meanDy = f32x4.splat(<f32>(sumDy / count));
    const meanDyXHat = f32x4.splat(<f32>(sumDyXHat / count));
    for (let b = 0; b < batch; b++) {
      const at = <usize>b * sample + first;
      for (let i = 0; i < spatial; i += 4) {
        const n = spatial - i;
        const o = at + <usize>i * 4;
        let d = loadFirst(dy + o, n);
        if (trained) {
          const h = loadFirst(xHat + o, n);
          d = f32x4.sub(f32x4.sub(d, meanDy), f32x4.mul(h, meanDyXHat));
        }
        storeFirst(dx + o, f32x4.add(loadFirst(dx + o, n), f32x4.mul(scale, d)), n);
      }
    }
  }
}
