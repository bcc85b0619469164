import type { AdamStep, SgdStep } from '../types';

// Optimizer steps in JavaScript numbers, rounding only what is stored: the WebAssembly kernels
// compute in f64 and round at the same places, to the same bits.

export function sgdUpdate(
  n: number,
  p: Float32Array,
  g: Float32Array,
  velocity: Float32Array,
  s: SgdStep,
) {
  const { learningRate, momentum, weightDecay, nesterov, first } = s;
  for (let i = 0; i < n; i++) {
    let d = g[i] + weightDecay * p[i];
    if (momentum > 0) {
      const b = first ? d : momentum * velocity[i] + d;
      velocity[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] -= learningRate * d;
  }
}

export function adamUpdate(
  n: number,
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: AdamStep,
) {
  const { l2, shrink, beta1, beta2, stepSize, correction2, epsilon } = s;
  for (let i = 0; i < n; i++) {
    const grad = g[i] + l2 * p[i];
    m[i] = beta1 * m[i] + (1 - beta1) * grad;
    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
    p[i] = p[i] * shrink - (stepSize * m[i]) / (Math.sqrt(v[i]) / correction2 + epsilon);
  }
}
