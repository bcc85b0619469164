import type { ModelSpec } from '../../model/types';
import { createOptimizer, type OptimizerType } from '../../optim';
import { TRAINING_DEFAULTS } from '../../train/defaults';
import { parseSchedule, type Schedule } from '../../train/schedule';
import { ExportError } from '../errors';

/** The training settings of a model document, with the training worker's defaults filled in. */
export interface Hyperparameters {
  batchSize: number;
  epochs: number;
  seed: number;
  optimizer: OptimizerType;
  /** The optimizer's settings as the engine reads them (learningRate, momentum, beta1, …). */
  options: Readonly<Record<string, number | boolean>>;
  schedule: Schedule;
  /** Random shifts of ±2 pixels while training. */
  augment: boolean;
}

// The worker's defaults too; test/export/pytorch.test.ts checks that train.py resolves settings
// as the worker does.
const DEFAULTS = TRAINING_DEFAULTS;
const OPTIMIZERS: readonly OptimizerType[] = ['sgd', 'adam', 'adamw'];

function whole(training: Record<string, unknown>, key: string, fallback: number, min: number) {
  const value = training[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ExportError(
      `training.${key} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function optimizerOf(training: Record<string, unknown>) {
  // As the worker: the document's optimizer replaces the default one whole, settings included.
  const optimizer = training.optimizer ?? DEFAULTS.optimizer;
  if (typeof optimizer !== 'object' || optimizer === null || Array.isArray(optimizer)) {
    throw new ExportError('training.optimizer must be an object such as { "type": "adam" }');
  }
  const { type = DEFAULTS.optimizer.type, ...settings } = optimizer as Record<string, unknown>;
  if (!OPTIMIZERS.includes(type as OptimizerType)) {
    throw new ExportError(
      `training.optimizer.type must be one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  try {
    // The engine's own validation, so the export trains with exactly the settings the app would.
    return {
      optimizer: type as OptimizerType,
      options: createOptimizer(type as OptimizerType, 0, settings).options,
    };
  } catch (error) {
    throw new ExportError(`training.optimizer: ${(error as Error).message}`);
  }
}

/** Reads `training`; a setting of the wrong kind is an ExportError that names it. */
export function hyperparametersOf(spec: ModelSpec): Hyperparameters {
  const training = spec.training ?? {};
  let schedule: Schedule;
  try {
    schedule = parseSchedule(training.schedule ?? DEFAULTS.schedule);
  } catch (error) {
    throw new ExportError(`training.${(error as Error).message}`);
  }
  if (training.augment !== undefined && typeof training.augment !== 'boolean') {
    throw new ExportError('training.augment must be true or false');
  }
  return {
    seed: whole(training, 'seed', DEFAULTS.seed, 0),
    batchSize: whole(training, 'batchSize', DEFAULTS.batchSize, 1),
    epochs: whole(training, 'epochs', DEFAULTS.epochs, 1),
    ...optimizerOf(training),
    schedule,
    augment: training.augment ?? DEFAULTS.augment,
  };
}
