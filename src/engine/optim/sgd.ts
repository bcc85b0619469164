import * as v from 'valibot';
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

export function sgd(size: number, settings: unknown = {}): Optimizer {
  const o = optimizerOptions('sgd', sgdOptions, settings);
  if (o.nesterov && o.momentum === 0) throw new RangeError('sgd: nesterov needs a momentum > 0');
  let velocity = new Float32Array(o.momentum > 0 ? size : 0);
  let step = 0;
  return {
    type: 'sgd',
    options: o,
    learningRate: o.learningRate,
    update(p, g) {
      const lr = this.learningRate;
      const { momentum, weightDecay, nesterov } = o;
      for (let i = 0; i < p.length; i++) {
        let d = g[i] + weightDecay * p[i];
        if (momentum > 0) {
          const b = step === 0 ? d : momentum * velocity[i] + d;
          velocity[i] = b;
          d = nesterov ? d + momentum * b : b;
        }
        p[i] -= lr * d;
      }
      step++;
    },
    state: () => ({ type: 'sgd', step, buffers: { velocity: velocity.slice() } }),
    restore(state) {
      checkState(state, 'sgd', ['velocity'], velocity.length);
      step = state.step;
      velocity = state.buffers.velocity.slice();
    },
  };
}
