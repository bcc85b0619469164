// Where a model's weights came from, as its document says (`training`): the run that trained them,
// on which dataset, and how they scored on its test set. Used to say so in the editor, and to tell
// whether a run's weights replaced better ones.

import type { ModelDocument } from '../../engine';
import { weightsRun } from '../../shared/runs/recorder';
import { DATASETS } from './datasets';
import { formatPercent } from './numbers';

export interface WeightsOrigin {
  /** The run that trained them (docs/run-record.md), or null when the document names none. */
  run: string | null;
  /** The dataset they were trained on, or null when the document does not say. */
  dataset: string | null;
  /** Their accuracy on that dataset's test set, or null when they were not tested. */
  testAccuracy: number | null;
}

/** The origin of the document's weights, or null when it has none. */
export function weightsOrigin(doc: ModelDocument): WeightsOrigin | null {
  if (Object.keys(doc.weights ?? {}).length === 0) return null;
  const training = doc.training ?? {};
  const result = training.result as { testAccuracy?: unknown } | undefined;
  const accuracy = result?.testAccuracy;
  return {
    run: weightsRun(doc),
    dataset: typeof training.dataset === 'string' ? training.dataset : null,
    testAccuracy: typeof accuracy === 'number' && Number.isFinite(accuracy) ? accuracy : null,
  };
}

/**
 * Whether weights that scored `before` were replaced by ones not known to be as good: tested
 * lower on the same dataset, or not tested at all. Weights of another dataset do not compare.
 */
export function replacedBetter(before: WeightsOrigin | null, after: WeightsOrigin): boolean {
  if (before?.testAccuracy == null || before.run === after.run) return false;
  if (before.dataset !== after.dataset) return false;
  return after.testAccuracy === null || after.testAccuracy < before.testAccuracy;
}

/**
 * Where the weights came from, in a sentence: the run by its name (`runName`, null when no run of
 * that id is kept) and how they scored.
 */
export function originText(origin: WeightsOrigin, runName: string | null): string {
  const dataset = DATASETS[origin.dataset as keyof typeof DATASETS]?.title ?? origin.dataset;
  const score =
    origin.testAccuracy === null || dataset === null
      ? ''
      : ` (${formatPercent(origin.testAccuracy)} on the ${dataset} test set)`;
  if (origin.run === null) return `Weights from the file${score}, not from a run kept here.`;
  if (runName === null) return `Weights from run ${origin.run}${score}, which is no longer kept.`;
  return `Weights from run “${runName}”${score}.`;
}
