import type { ModelSpec } from '../../model/types';
import { createOptimizer, type OptimizerType } from '../../optim';
import { ExportError } from '../errors';

/** The training settings of a model document, with the defaults filled in. */
export interface Hyperparameters {
  batchSize: number;
  epochs: number;
  seed: number;
  optimizer: OptimizerType;
  /** The optimizer's settings as the engine reads them (learningRate, momentum, beta1, …). */
  options: Readonly<Record<string, number | boolean>>;
}

const OPTIMIZERS: readonly OptimizerType[] = ['sgd', 'adam', 'adamw'];

function integer(training: Record<string, unknown>, key: string, fallback: number, min?: number) {
  const value = training[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (min ?? -Infinity)) {
    const range = min === undefined ? '' : ` ≥ ${min}`;
    throw new ExportError(
      `training.${key} must be a whole number${range}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Reads `training`; a setting of the wrong kind is an ExportError that names it. */
export function hyperparametersOf(spec: ModelSpec): Hyperparameters {
  const training = spec.training ?? {};
  const optimizer = training.optimizer ?? {};
  if (typeof optimizer !== 'object' || optimizer === null || Array.isArray(optimizer)) {
    throw new ExportError('training.optimizer must be an object such as { "type": "adam" }');
  }
  const { type = 'adam', ...settings } = optimizer as Record<string, unknown>;
  if (!OPTIMIZERS.includes(type as OptimizerType)) {
    throw new ExportError(
      `training.optimizer.type must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  let options: Hyperparameters['options'];
  try {
    // The engine's own validation, so the export trains with exactly the settings the app would.
    options = createOptimizer(type as OptimizerType, 0, settings).options;
  } catch (error) {
    throw new ExportError(`training.optimizer: ${(error as Error).message}`);
  }
  return {
    // The engine seeds with 0 when the document has no seed.
    seed: integer(training, 'seed', 0),
    batchSize: integer(training, 'batchSize', 64, 1),
    epochs: integer(training, 'epochs', 1, 1),
    optimizer: type as OptimizerType,
    options,
  };
}
