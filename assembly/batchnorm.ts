import { partStart } from './parts';

// Batch norm over x[N, C, S], src/engine/kernels/reference/batchnorm.ts step for step: the same
// f64 sums in the same order, so the two agree to the bit. Parts split the channels, whose
// statistics are independent, so any number of threads gives the bits of one.

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
    const last = first + <usize>spatial * 4;
    let mean: f64;
    let variance: f64;
    if (training) {
      let sum: f64 = 0;
      for (let b = 0; b < batch; b++) {
        const row = x + <usize>b * sample;
        for (let i = first; i < last; i += 4) sum += <f64>load<f32>(row + i);
      }
      mean = sum / count;
      let sq: f64 = 0;
      for (let b = 0; b < batch; b++) {
        const row = x + <usize>b * sample;
        for (let i = first; i < last; i += 4) {
          const d = <f64>load<f32>(row + i) - mean;
          sq += d * d;
        }
      }
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
    const g = <f64>load<f32>(gamma + <usize>ch * 4);
    const bt = <f64>load<f32>(beta + <usize>ch * 4);
    for (let b = 0; b < batch; b++) {
      const offset = <usize>b * sample;
      for (let i = first; i < last; i += 4) {
        const h = (<f64>load<f32>(x + offset + i) - mean) * inv;
        store<f32>(xHat + offset + i, <f32>h);
        store<f32>(y + offset + i, <f32>(g * h + bt));
      }
    }
  }
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
    const last = first + <usize>spatial * 4;
    let sumDy: f64 = 0;
    let sumDyXHat: f64 = 0;
    for (let b = 0; b < batch; b++) {
      const offset = <usize>b * sample;
      for (let i = first; i < last; i += 4) {
        const d = <f64>load<f32>(dy + offset + i);
        sumDy += d;
        sumDyXHat += d * <f64>load<f32>(xHat + offset + i);
      }
    }
    const gAt = dGamma + <usize>ch * 4;
    const bAt = dBeta + <usize>ch * 4;
    store<f32>(gAt, <f32>(<f64>load<f32>(gAt) + sumDyXHat));
    store<f32>(bAt, <f32>(<f64>load<f32>(bAt) + sumDy));
    if (dx == 0) continue;
    const scale = <f64>load<f32>(gamma + <usize>ch * 4) * load<f64>(invStd + <usize>ch * 8);
    for (let b = 0; b < batch; b++) {
      const offset = <usize>b * sample;
      for (let i = first; i < last; i += 4) {
        const at = dx + offset + i;
        const d = <f64>load<f32>(dy + offset + i);
        const g = trained
          ? scale * (d - sumDy / count - (<f64>load<f32>(xHat + offset + i) * sumDyXHat) / count)
          : scale * d;
        store<f32>(at, <f32>(<f64>load<f32>(at) + g));
      }
    }
  }
}
