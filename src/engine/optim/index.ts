import type { Kernels } from '../kernels';
import { adam } from './adam';
import type { Optimizer } from './optimizer';
import { sgd } from './sgd';

export type { Optimizer, OptimizerState } from './optimizer';
export { adam, sgd };

export type OptimizerType = 'sgd' | 'adam' | 'adamw';

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
