import type { ModelSpec } from '../model/types';
import { ExportError } from './errors';

/**
 * How grey levels become network inputs, x ↦ (x/255 − mean)/std, read from `training.normalization`
 * as the training worker records it: "scale" (mean 0, std 1), "standardize" (the training split's
 * mean and std, computed when training starts; the worker's default), or the exact values a
 * trained document carries. mean and std are null while they are still to be computed.
 */
export interface Preprocessing {
  kind: 'scale' | 'standardize';
  mean: number | null;
  std: number | null;
}

export function preprocessingOf(spec: ModelSpec): Preprocessing {
  const recorded = spec.training?.normalization ?? 'standardize';
  if (recorded === 'scale') return { kind: 'scale', mean: 0, std: 1 };
  if (recorded === 'standardize') return { kind: 'standardize', mean: null, std: null };
  const { kind, mean, std } = (typeof recorded === 'object' ? recorded : {}) as Record<
    string,
    unknown
  >;
  if (
    (kind !== 'scale' && kind !== 'standardize') ||
    typeof mean !== 'number' ||
    !Number.isFinite(mean) ||
    typeof std !== 'number' ||
    !(std > 0 && Number.isFinite(std))
  ) {
    throw new ExportError(
      'training.normalization must be "scale", "standardize" or { kind, mean, std } with a finite mean and a std > 0',
    );
  }
  return { kind, mean, std };
}

/** How to prepare an input, for the exported files' documentation. */
export function describePreprocessing(p: Preprocessing): string {
  if (p.mean === null || p.std === null) {
    return "pixels x (0..255) as (x / 255 - mean) / std, with the training images' mean and std (computed when training starts; a trained model records them)";
  }
  return `pixels x (0..255) as (x / 255 - ${p.mean}) / ${p.std}`;
}
