import * as v from 'valibot';
import { checkState, type Optimizer } from './optimizer';
import { optimizerOptions } from './options';

// torch.optim.Adam (weight decay as L2 added to the gradient) and torch.optim.AdamW (decoupled:
// p ← p(1 − lr·λ) first). m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g²,
// p −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).

export const adamOptions = v.strictObject({
  learningRate: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0)), 0.001),
  beta1: v.optional(v.pipe(v.number(), v.minValue(0), v.ltValue(1)), 0.9),
  beta2: v.optional(v.pipe(v.number(), v.minValue(0), v.ltValue(1)), 0.999),
  epsilon: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0)), 1e-8),
  weightDecay: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0)), 0),
});

export function adam(size: number, settings: unknown = {}, decoupled = false): Optimizer {
  const type = decoupled ? 'adamw' : 'adam';
  const o = optimizerOptions(type, adamOptions, settings, decoupled ? { weightDecay: 0.01 } : {});
  let m = new Float32Array(size);
  let s = new Float32Array(size);
  let step = 0;
  return {
    type,
    options: o,
    learningRate: o.learningRate,
    update(p, g) {
      step++;
      const lr = this.learningRate;
      const { beta1, beta2, epsilon, weightDecay } = o;
      const stepSize = lr / (1 - beta1 ** step);
      const correction2 = Math.sqrt(1 - beta2 ** step);
      const l2 = decoupled ? 0 : weightDecay;
      const shrink = decoupled ? 1 - lr * weightDecay : 1;
      for (let i = 0; i < p.length; i++) {
        const grad = g[i] + l2 * p[i];
        m[i] = beta1 * m[i] + (1 - beta1) * grad;
        s[i] = beta2 * s[i] + (1 - beta2) * grad * grad;
        p[i] = p[i] * shrink - (stepSize * m[i]) / (Math.sqrt(s[i]) / correction2 + epsilon);
      }
    },
    state: () => ({ type, step, buffers: { m: m.slice(), v: s.slice() } }),
    restore(state) {
      checkState(state, type, ['m', 'v'], size);
      step = state.step;
      m = state.buffers.m.slice();
      s = state.buffers.v.slice();
    },
  };
}
