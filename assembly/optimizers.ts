import { partStart } from './parts';

// Optimizer updates over the flat parameter buffer, mirroring
// src/engine/kernels/reference/optimizers.ts:
// the reference computes in JavaScript numbers (f64) and rounds only what it stores, so these
// compute in f64 and round at the same places, and agree with it to the bit. Each part updates
// its own range of parameters.

/**
 * torch.optim.SGD (dampening 0): d = g + λp; with momentum, b = μb + d (b = d on the first step),
 * d = d + μb (nesterov) or b; p −= lr·d. `velocity` is read only with momentum.
 */
export function sgdUpdate(
  part: i32,
  parts: i32,
  count: i32,
  p: usize,
  g: usize,
  velocity: usize,
  learningRate: f64,
  momentum: f64,
  weightDecay: f64,
  withMomentum: bool,
  nesterov: bool,
  first: bool,
): void {
  const end = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < end; i++) {
    const at = <usize>i * 4;
    const param = <f64>load<f32>(p + at);
    let d = <f64>load<f32>(g + at) + weightDecay * param;
    if (withMomentum) {
      const b = first ? d : momentum * <f64>load<f32>(velocity + at) + d;
      store<f32>(velocity + at, <f32>b);
      d = nesterov ? d + momentum * b : b;
    }
    store<f32>(p + at, <f32>(param - learningRate * d));
  }
}

/**
 * torch.optim.Adam / AdamW: g' = g + l2·p; m = β₁m + (1 − β₁)g'; v = β₂v + (1 − β₂)g'²;
 * p = p·shrink − stepSize·m / (√v / correction2 + ε), with the per-step scalars from the caller.
 */
export function adamUpdate(
  part: i32,
  parts: i32,
  count: i32,
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  l2: f64,
  shrink: f64,
  beta1: f64,
  beta2: f64,
  stepSize: f64,
  correction2: f64,
  epsilon: f64,
): void {
  const end = partStart(count, part + 1, parts);
  for (let i = partStart(count, part, parts); i < end; i++) {
    const at = <usize>i * 4;
    const param = <f64>load<f32>(p + at);
    const grad = <f64>load<f32>(g + at) + l2 * param;
    const mi = <f32>(beta1 * <f64>load<f32>(m + at) + (1 - beta1) * grad);
    const vi = <f32>(beta2 * <f64>load<f32>(v + at) + (1 - beta2) * grad * grad);
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(
      p + at,
      <f32>(param * shrink - (stepSize * <f64>mi) / (Math.sqrt(<f64>vi) / correction2 + epsilon)),
    );
  }
}
