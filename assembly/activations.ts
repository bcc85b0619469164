import { sigmoid4 } from './expf';
import { normalCdf4, normalDensity4 } from './normal';
import { partStart } from './parts';
import { loadFirst, storeFirst } from './simd';

// ReLU6 and the smooth activations (sigmoid, tanh, SiLU, GELU), mirroring
// src/engine/math/activations.ts. The sigmoid, SiLU and GELU in f32, four lanes at a time, through
// expf.ts and normal.ts, which the reference follows operation for operation: to the bit. Tanh in
// f64 with the same formula, stored as f32, so it agrees with the reference to the bit wherever
// the two tanh do (both within an ulp of f64); ReLU6 in SIMD, exactly. Backward adds into dx, as
// the reference does.

/** y = min(max(x, 0), 6); NaN stays NaN (WebAssembly's min and max propagate it). */
export function relu6Forward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  let i = partStart(count, part, parts);
  const n = partStart(count, part + 1, parts);
  for (; i + 4 <= n; i += 4) {
    v128.store(y + <usize>i * 4, f32x4.min(f32x4.max(v128.load(x + <usize>i * 4), zero), six));
  }
  for (; i < n; i++) {
    store<f32>(y + <usize>i * 4, Mathf.min(Mathf.max(load<f32>(x + <usize>i * 4), 0), 6));
  }
}

/** dx += 0 < x < 6 ? dy : 0 (PyTorch's side at both kinks). */
export function relu6Backward(
  part: i32,
  parts: i32,
  count: i32,
  x: usize,
  dy: usize,
  dx: usize,
): void {
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  let i = partStart(count, part, parts);
  const n = partStart(count, part + 1, parts);
  for (; i + 4 <= n; i += 4) {
    const at = dx + <usize>i * 4;
    const v = v128.load(x + <usize>i * 4);
    const inside = v128.and(f32x4.gt(v, zero), f32x4.lt(v, six));
    const g = v128.and(v128.load(dy + <usize>i * 4), inside);
    v128.store(at, f32x4.add(v128.load(at), g));
  }
  for (; i < n; i++) {
    const at = dx + <usize>i * 4;
    const v = load<f32>(x + <usize>i * 4);
    store<f32>(at, load<f32>(at) + (v > 0 && v < 6 ? load<f32>(dy + <usize>i * 4) : 0));
  }
}

// Each smooth activation: y[i] = f(x[i]) and dx[i] += f'(x[i])·dy[i] (written with y where the
// reference does), over this part's range.

export function sigmoidForward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i += 4) {
    const o = <usize>i * 4;
    storeFirst(y + o, sigmoid4(loadFirst(x + o, n - i)), n - i);
  }
}

export function sigmoidBackward(
  part: i32,
  parts: i32,
  count: i32,
  y: usize,
  dy: usize,
  dx: usize,
): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i++) {
    const at = dx + <usize>i * 4;
    const s = <f64>load<f32>(y + <usize>i * 4);
    const g = <f64>load<f32>(dy + <usize>i * 4) * s * (1 - s);
    store<f32>(at, <f32>(<f64>load<f32>(at) + g));
  }
}

export function tanhForward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i++) {
    store<f32>(y + <usize>i * 4, <f32>Math.tanh(<f64>load<f32>(x + <usize>i * 4)));
  }
}

export function tanhBackward(
  part: i32,
  parts: i32,
  count: i32,
  y: usize,
  dy: usize,
  dx: usize,
): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i++) {
    const at = dx + <usize>i * 4;
    const t = <f64>load<f32>(y + <usize>i * 4);
    const g = <f64>load<f32>(dy + <usize>i * 4) * (1 - t * t);
    store<f32>(at, <f32>(<f64>load<f32>(at) + g));
  }
}

export function siluForward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i += 4) {
    const o = <usize>i * 4;
    const v = loadFirst(x + o, n - i);
    storeFirst(y + o, f32x4.mul(v, sigmoid4(v)), n - i);
  }
}

export function siluBackward(
  part: i32,
  parts: i32,
  count: i32,
  x: usize,
  dy: usize,
  dx: usize,
): void {
  const one = f32x4.splat(1);
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i += 4) {
    const o = <usize>i * 4;
    const v = loadFirst(x + o, n - i);
    const s = sigmoid4(v);
    // dy·s·(1 + x·(1 − s)), each product and sum rounded, as the reference.
    const slope = f32x4.add(one, f32x4.mul(v, f32x4.sub(one, s)));
    const g = f32x4.mul(f32x4.mul(loadFirst(dy + o, n - i), s), slope);
    storeFirst(dx + o, f32x4.add(loadFirst(dx + o, n - i), g), n - i);
  }
}

export function geluForward(part: i32, parts: i32, count: i32, x: usize, y: usize): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i += 4) {
    const o = <usize>i * 4;
    const v = loadFirst(x + o, n - i);
    storeFirst(y + o, f32x4.mul(v, normalCdf4(v)), n - i);
  }
}

export function geluBackward(
  part: i32,
  parts: i32,
  count: i32,
  x: usize,
  dy: usize,
  dx: usize,
): void {
  const n = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < n; i += 4) {
    const o = <usize>i * 4;
    const v = loadFirst(x + o, n - i);
    // dy·(Φ(x) + x·φ(x)), each product and sum rounded, as the reference.
    const slope = f32x4.add(normalCdf4(v), f32x4.mul(v, normalDensity4(v)));
    const g = f32x4.mul(loadFirst(dy + o, n - i), slope);
    storeFirst(dx + o, f32x4.add(loadFirst(dx + o, n - i), g), n - i);
  }
}
