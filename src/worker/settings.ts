import {
  resolveSettings,
  SettingsError,
  type SettingsChoice,
  type TrainingSettingsValues,
} from '../engine/train/settings';
import { CommandError } from './errors';

/**
 * The settings of a `load`: the command's over the document's over the dataset's defaults. A bad
 * document value is a CommandError naming model.training.<setting>.
 */
export function settingsForLoad(
  training: Record<string, unknown> | undefined,
  overrides: TrainingSettingsValues = {},
): SettingsChoice {
  try {
    return resolveSettings(training, overrides);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new CommandError(`model.training.${error.setting}`, `model.training.${error.message}`);
  }
}
