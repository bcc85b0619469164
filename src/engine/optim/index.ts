import { adam } from './adam';
import type { Optimizer } from './optimizer';
import { sgd } from './sgd';

export type { Optimizer, OptimizerState } from './optimizer';
export { adam, sgd };

export type OptimizerType = 'sgd' | 'adam' | 'adamw';

/** An optimizer by the name the document's training.optimizer.type uses. */
export function createOptimizer(
  type: OptimizerType,
  size: number,
  settings: Record<string, unknown> = {},
): Optimizer {
  switch (type) {
    case 'sgd':
      return sgd(size, settings);
    case 'adam':
      return adam(size, settings);
    case 'adamw':
      return adam(size, settings, true);
  }
}
