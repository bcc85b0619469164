import type { Kernels } from '../kernels';
import { adam, adamSettings, adamStateSize } from './adam';
import type { Optimizer } from './optimizer';
import { sgd, sgdSettings, sgdStateSize } from './sgd';

export type { Optimizer, OptimizerState } from './optimizer';
export { adam, sgd };
export { adamEntries } from './adam';
export { NESTEROV_RULE, sgdEntries } from './sgd';
export { learningRateValue } from './options';

export const OPTIMIZER_TYPES = ['sgd', 'adam', 'adamw'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

/**
 * An optimizer by the name the document's training.optimizer.type uses; given the network's
 * kernels, its buffers live beside the parameters and its updates run on the kernels' threads.
 */
export function createOptimizer(
  type: OptimizerType,
  size: number,
  settings: Record<string, unknown> = {},
  kernels?: Kernels,
): Optimizer {
  switch (type) {
    case 'sgd':
      return sgd(size, settings, kernels);
    case 'adam':
      return adam(size, settings, false, kernels);
    case 'adamw':
      return adam(size, settings, true, kernels);
  }
}

/** Values of state an optimizer of `type` would keep for `size` parameters, without making it. */
export function optimizerStateSize(
  type: OptimizerType,
  size: number,
  settings: Record<string, unknown> = {},
): number {
  return type === 'sgd' ? sgdStateSize(size, sgdSettings(settings)) : adamStateSize(size);
}

/** The settings an optimizer of `type` runs with: `settings` checked, every default filled in. */
export function optimizerSettings(
  type: OptimizerType,
  settings: Record<string, unknown> = {},
): Readonly<Record<string, number | boolean>> {
  return type === 'sgd' ? sgdSettings(settings) : adamSettings(settings, type === 'adamw');
}
