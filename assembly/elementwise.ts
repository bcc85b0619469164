import { partStart } from './parts';

// Elementwise activations and the convolution bias, mirroring src/engine/kernels/reference/
// (activation.ts, conv.ts).
// The activations run on part `part` of `parts` equal ranges (see parts.ts).
// Where the reference computes in JavaScript numbers (leaky ReLU's slope, the bias-gradient sum),
// these compute in f64 too, so the two agree to the bit or nearly; masks keep its NaN and signed
// zero behaviour (`x > 0 ? x : 0` is not max(x, 0), which would propagate NaN).

/** x[0..count) = 0. */
export function zero(part: i32, parts: i32, count: i32, x: usize): void {
  const i = partStart(count, part, parts);
  memory.fill(x + <usize>i * 4, 0, <usize>(partStart(count, part + 1, parts) - i) * 4);
}

/** y = x > 0 ? x : 0. */
export function reluForward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const zero = f32x4.splat(0);
  let i = partStart(count, part, parts);
  const n = partStart(count, part + 1, parts);
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + <usize>i * 4);
    v128.store(y + <usize>i * 4, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + <usize>i * 4);
    store<f32>(y + <usize>i * 4, v > 0 ? v : 0);
  }
}

/** dx += x > 0 ? dy : 0. */
export function reluBackward(
  part: i32,
  parts: i32,
  count: i32,
  x: usize,
  dy: usize,
  dx: usize,
): void {
  const zero = f32x4.splat(0);
  let i = partStart(count, part, parts);
  const n = partStart(count, part + 1, parts);
  for (; i + 4 <= n; i += 4) {
    const at = dx + <usize>i * 4;
    const d = v128.load(at);
    const sum = f32x4.add(d, v128.load(dy + <usize>i * 4));
    v128.store(at, v128.bitselect(sum, d, f32x4.gt(v128.load(x + <usize>i * 4), zero)));
  }
  for (; i < n; i++) {
    const at = dx + <usize>i * 4;
    if (load<f32>(x + <usize>i * 4) > 0) {
      store<f32>(at, load<f32>(at) + load<f32>(dy + <usize>i * 4));
    }
  }
}

/** y = x > 0 ? x : alpha·x. */
export function leakyReluForward(
  part: i32,
  parts: i32,
  count: i32,
  alpha: f64,
  x: usize,
  y: usize,
): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i++) {
    const v = load<f32>(x + <usize>i * 4);
    store<f32>(y + <usize>i * 4, v > 0 ? v : <f32>(alpha * <f64>v));
  }
}

/** dx += x > 0 ? dy : alpha·dy. */
export function leakyReluBackward(
  part: i32,
  parts: i32,
  count: i32,
  alpha: f64,
  x: usize,
  dy: usize,
  dx: usize,
): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i++) {
    const at = dx + <usize>i * 4;
    const d = <f64>load<f32>(dy + <usize>i * 4);
    const g = load<f32>(x + <usize>i * 4) > 0 ? d : alpha * d;
    store<f32>(at, <f32>(<f64>load<f32>(at) + g));
  }
}

/** y[r, 0..cols) += bias[r] for each row. */
export function addBias(rows: i32, cols: i32, bias: usize, y: usize): void {
  for (let r = 0; r < rows; r++) {
    const b = v128.load32_splat(bias + <usize>r * 4);
    const row = y + <usize>r * cols * 4;
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const at = row + <usize>i * 4;
      v128.store(at, f32x4.add(v128.load(at), b));
    }
    const s = f32x4.extract_lane(b, 0);
    for (; i < cols; i++) {
      const at = row + <usize>i * 4;
      store<f32>(at, load<f32>(at) + s);
    }
  }
}

/** sums[r] += Σ y[r, 0..cols), summed in f64. */
export function sumRows(rows: i32, cols: i32, y: usize, sums: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = y + <usize>r * cols * 4;
    let lo = f64x2.splat(0);
    let hi = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const v = v128.load(row + <usize>i * 4);
      lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
      hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    }
    const both = f64x2.add(lo, hi);
    let sum = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
    for (; i < cols; i++) sum += <f64>load<f32>(row + <usize>i * 4);
    const at = sums + <usize>r * 4;
    store<f32>(at, <f32>(<f64>load<f32>(at) + sum));
  }
}
