import type { ModelSpec } from '../model/types';
import { ExportError } from './errors';

/**
 * How grey levels become network inputs, x ↦ (x/255 − mean)/std, as the trainer records it in
 * `training.normalization` (the datasets' Normalization). Without a record: x/255.
 */
export interface Preprocessing {
  mean: number;
  std: number;
}

export function preprocessingOf(spec: ModelSpec): Preprocessing {
  const recorded = spec.training?.normalization;
  if (recorded === undefined) return { mean: 0, std: 1 };
  const { mean, std } = (recorded ?? {}) as { mean?: unknown; std?: unknown };
  if (typeof mean !== 'number' || !Number.isFinite(mean) || typeof std !== 'number' || !(std > 0)) {
    throw new ExportError(
      'training.normalization must be { mean, std } with a finite mean and a std > 0',
    );
  }
  return { mean, std };
}
