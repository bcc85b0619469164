import { messageOf } from '../../errors';
import type { ModelSpec } from '../../model/types';
import { optimizerSettings, type OptimizerType } from '../../optim';
import type { Schedule } from '../../train/schedule';
import { resolveSettings, SettingsError, type SettingsChoice } from '../../train/settings';
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

/**
 * Reads `training` as the training worker does (the same merge over the same defaults, which
 * test/export/pytorch.test.ts checks); a setting of the wrong kind is an ExportError that names it.
 */
export function hyperparametersOf(spec: ModelSpec): Hyperparameters {
  let settings: SettingsChoice;
  try {
    settings = resolveSettings(spec.training);
  } catch (error) {
    if (error instanceof SettingsError) throw new ExportError(`training.${error.message}`);
    throw error;
  }
  const { type, ...given } = settings.optimizer;
  let options: Hyperparameters['options'];
  try {
    // The engine's own validation, so the export trains with exactly the settings the app would.
    options = optimizerSettings(type, given);
  } catch (error) {
    throw new ExportError(`training.optimizer: ${messageOf(error)}`);
  }
  return {
    seed: settings.seed,
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    optimizer: type,
    options,
    schedule: settings.schedule,
    augment: settings.augment,
  };
}
