import * as v from 'valibot';
import { TRAINING_DEFAULTS } from '../engine/train/defaults';
import { CommandError } from './errors';
import {
  settingsEntries,
  type OptimizerType,
  type ResolvedSettings,
  type TrainingSettingsValues,
} from './protocol';

/** The settings chosen for a run: the optimizer's are checked by the optimizer itself. */
export type SettingsChoice = Omit<ResolvedSettings, 'optimizer'> & {
  optimizer: { type: OptimizerType } & Record<string, unknown>;
};

/** What a run uses when neither the command nor the document says otherwise. */
export const DEFAULT_SETTINGS: SettingsChoice = {
  ...TRAINING_DEFAULTS,
  dataset: 'mnist',
  normalization: 'standardize',
  // Both cores of a laptop; the kernels take no more than the machine has.
  threads: 2,
};

// The document's `training` may hold keys of other tools, which are kept; only ours are checked.
const documentTrainingSchema = v.looseObject(settingsEntries);

/** The document's `training` values, checked; a bad one is an error naming model.training.<key>. */
function documentSettings(training: Record<string, unknown> | undefined): TrainingSettingsValues {
  if (training === undefined) return {};
  const result = v.safeParse(documentTrainingSchema, training);
  if (!result.success) {
    const issue = result.issues[0];
    const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
    throw new CommandError(`model.training.${path}`, `model.training.${path}: ${issue.message}`);
  }
  return result.output;
}

type Simple = Exclude<keyof SettingsChoice, 'optimizer'>;

/**
 * Settings from the command over the document's over the defaults. The optimizer's settings (the
 * document's, else the default's) carry over only while the type stays the same: switching from
 * sgd to adam drops sgd's momentum and takes adam's own defaults.
 */
export function resolveSettings(
  training: Record<string, unknown> | undefined,
  overrides: TrainingSettingsValues = {},
): SettingsChoice {
  const fromDocument = documentSettings(training);
  const pick = <K extends Simple>(key: K): SettingsChoice[K] =>
    (overrides[key] ?? fromDocument[key] ?? DEFAULT_SETTINGS[key]) as SettingsChoice[K];
  const baseOptimizer = fromDocument.optimizer ?? DEFAULT_SETTINGS.optimizer;
  const baseType = baseOptimizer.type ?? DEFAULT_SETTINGS.optimizer.type;
  const type = overrides.optimizer?.type ?? baseType;
  return {
    dataset: pick('dataset'),
    epochs: pick('epochs'),
    batchSize: pick('batchSize'),
    seed: pick('seed'),
    optimizer: {
      ...(baseType === type ? baseOptimizer : {}),
      ...overrides.optimizer,
      type,
    },
    schedule: pick('schedule'),
    augment: pick('augment'),
    normalization: pick('normalization'),
    threads: pick('threads'),
  };
}
