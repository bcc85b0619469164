import * as v from 'valibot';
import type { NormalizationKind } from '../datasets';
import type { ModelSpec } from '../model/types';
import { defaultsFor } from '../train/defaults';
import { trainingSettingsEntries } from '../train/settings';
import { ExportError } from './errors';

/**
 * How grey levels become network inputs, x ↦ (x/255 − mean)/std, read from `training.normalization`
 * as the training worker records it: "scale" (mean 0, std 1), "standardize" (the training split's
 * mean and std, computed when training starts; the worker's default), or the exact values a
 * trained document carries. mean and std are null while they are still to be computed.
 */
export interface Preprocessing {
  kind: NormalizationKind;
  mean: number | null;
  std: number | null;
}

export function preprocessingOf(spec: ModelSpec): Preprocessing {
  const result = v.safeParse(
    v.unwrap(trainingSettingsEntries.normalization),
    spec.training?.normalization ?? defaultsFor().normalization,
  );
  if (!result.success) throw new ExportError(`training.normalization ${result.issues[0].message}`);
  const recorded = result.output;
  if (recorded === 'scale') return { kind: 'scale', mean: 0, std: 1 };
  if (recorded === 'standardize') return { kind: 'standardize', mean: null, std: null };
  return { ...recorded };
}

/** How to prepare an input, for the exported files' documentation. */
export function describePreprocessing(p: Preprocessing): string {
  if (p.mean === null || p.std === null) {
    return "pixels x (0..255) as (x / 255 - mean) / std, with the training images' mean and std (computed when training starts; a trained model records them)";
  }
  return `pixels x (0..255) as (x / 255 - ${p.mean}) / ${p.std}`;
}
