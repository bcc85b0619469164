import * as v from 'valibot';
import { referenceKernels, type Kernels } from '../kernels';
import { checkState, type Optimizer } from './optimizer';
import { optimizerOptions } from './options';

// torch.optim.SGD: d = g + λp; with momentum, b = μb + (1 − dampening)d (b = d on the first step),
// d = g + μb (nesterov) or b; p −= lr·d. Dampening is 0 here.

export const sgdOptions = v.strictObject({
  learningRate: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0)), 0.01),
  momentum: v.optional(v.pipe(v.number(), v.minValue(0), v.ltValue(1)), 0),
  nesterov: v.optional(v.boolean(), false),
  weightDecay: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0)), 0),
});

/**
 * SGD over `size` parameters. With a network's `kernels`, the momentum buffer lives beside its
 * parameters and the update runs on its threads; the reference gives the same bits.
 */
export function sgd(
  size: number,
  settings: unknown = {},
  kernels: Kernels = referenceKernels,
): Optimizer {
  const o = optimizerOptions('sgd', sgdOptions, settings);
  if (o.nesterov && o.momentum === 0) throw new RangeError('sgd: nesterov needs a momentum > 0');
  const velocity = kernels.newFloat32(o.momentum > 0 ? size : 0);
  let step = 0;
  return {
    type: 'sgd',
    options: o,
    learningRate: o.learningRate,
    update(p, g) {
      const { momentum, weightDecay, nesterov } = o;
      const first = step === 0;
      kernels.sgdUpdate(p.length, p, g, velocity, {
        learningRate: this.learningRate,
        momentum,
        weightDecay,
        nesterov,
        first,
      });
      step++;
    },
    state: () => ({ type: 'sgd', step, buffers: { velocity: velocity.slice() } }),
    restore(state) {
      checkState(state, 'sgd', ['velocity'], velocity.length);
      step = state.step;
      velocity.set(state.buffers.velocity);
    },
  };
}
