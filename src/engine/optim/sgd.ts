import * as v from 'valibot';
import { createReferenceKernels, type Kernels } from '../kernels';
import { checkState, type Optimizer } from './optimizer';
import { fraction, learningRate, optimizerOptions, weightDecay } from './options';

// torch.optim.SGD: d = g + λp; with momentum, b = μb + (1 − dampening)d (b = d on the first step),
// d = g + μb (nesterov) or b; p −= lr·d. Dampening is 0 here.

export const sgdEntries = {
  learningRate: learningRate(0.01),
  momentum: fraction(0),
  nesterov: v.optional(v.boolean('must be true or false'), false),
  weightDecay,
};

/** Nesterov's look-ahead follows the velocity, so there must be one; said of `nesterov`. */
export const NESTEROV_RULE = {
  holds: (o: { momentum: number; nesterov: boolean }) => !o.nesterov || o.momentum > 0,
  message: 'needs a momentum above 0',
};

const sgdOptions = v.pipe(
  v.strictObject(sgdEntries),
  v.forward(
    v.check((o) => NESTEROV_RULE.holds(o), NESTEROV_RULE.message),
    ['nesterov'],
  ),
);

/** SGD's settings checked, its defaults filled in; a RangeError names a bad one. */
export const sgdSettings = (settings: unknown) => optimizerOptions('sgd', sgdOptions, settings);

/** Values of state SGD keeps for `size` parameters: a velocity each when it has momentum. */
export const sgdStateSize = (size: number, o: { momentum: number }) => (o.momentum > 0 ? size : 0);

/**
 * SGD over `size` parameters. With a network's `kernels`, the momentum buffer lives beside its
 * parameters and the update runs on its threads; the reference gives the same bits.
 */
export function sgd(
  size: number,
  settings: unknown = {},
  kernels: Kernels = createReferenceKernels(),
): Optimizer {
  const o = sgdSettings(settings);
  const velocity = kernels.newFloat32(sgdStateSize(size, o));
  let step = 0;
  return {
    type: 'sgd',
    options: o,
    learningRate: o.learningRate,
    stateSize: velocity.length,
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
