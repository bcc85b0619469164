import * as v from 'valibot';
import { realNumber } from '../layers/params';
import { createReferenceKernels, type Kernels } from '../kernels';
import { checkState, type Optimizer } from './optimizer';
import { fraction, learningRate, optimizerOptions, weightDecay } from './options';

// torch.optim.Adam (weight decay as L2 added to the gradient) and torch.optim.AdamW (decoupled:
// p ← p(1 − lr·λ) first). m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g²,
// p −= (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).

export const adamEntries = {
  learningRate: learningRate(0.001),
  beta1: fraction(0.9),
  beta2: fraction(0.999),
  epsilon: v.optional(
    realNumber('must be above 0', (x) => x > 0),
    1e-8,
  ),
  weightDecay,
};

const adamOptions = v.strictObject(adamEntries);

/** AdamW's decoupled weight decay when its settings leave it out (torch's default). */
const ADAMW_WEIGHT_DECAY = 0.01;

/** Adam's (AdamW's when `decoupled`) settings checked, defaults filled in; RangeError if bad. */
export function adamSettings(settings: unknown, decoupled: boolean) {
  const type = decoupled ? 'adamw' : 'adam';
  return optimizerOptions(
    type,
    adamOptions,
    settings,
    decoupled ? { weightDecay: ADAMW_WEIGHT_DECAY } : {},
  );
}

/** Values of state Adam keeps for `size` parameters: the first and second moments. */
export const adamStateSize = (size: number) => 2 * size;

/** Adam (AdamW when `decoupled`) over `size` parameters; `kernels` as for sgd. */
export function adam(
  size: number,
  settings: unknown = {},
  decoupled = false,
  kernels: Kernels = createReferenceKernels(),
): Optimizer {
  const type = decoupled ? 'adamw' : 'adam';
  const o = adamSettings(settings, decoupled);
  const m = kernels.newFloat32(size);
  const s = kernels.newFloat32(size);
  let step = 0;
  return {
    type,
    options: o,
    learningRate: o.learningRate,
    stateSize: adamStateSize(size),
    update(p, g) {
      step++;
      const lr = this.learningRate;
      const { beta1, beta2, epsilon, weightDecay } = o;
      kernels.adamUpdate(p.length, p, g, m, s, {
        l2: decoupled ? 0 : weightDecay,
        shrink: decoupled ? 1 - lr * weightDecay : 1,
        beta1,
        beta2,
        stepSize: lr / (1 - beta1 ** step),
        correction2: Math.sqrt(1 - beta2 ** step),
        epsilon,
      });
    },
    state: () => ({ type, step, buffers: { m: m.slice(), v: s.slice() } }),
    restore(state) {
      checkState(state, type, ['m', 'v'], size);
      step = state.step;
      m.set(state.buffers.m);
      s.set(state.buffers.v);
    },
  };
}
