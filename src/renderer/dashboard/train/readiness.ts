// Whether the model in the editor can train on the chosen dataset, and if not, why, in a short
// phrase for the Start button and a sentence under it, with the one-click change that fixes it
// when there is one (the engine's fitToDataset: the input, its readers, the windows and the
// classifier made to fit the dataset). Readiness is worked out after every edit, so it only
// compares the model's input and output with the dataset's; the fit, several inspections of the
// whole model, runs when it is asked for (fitModel).

import {
  checkMemory,
  fitToDataset,
  formatShape,
  inspectionFootprint,
  ModelError,
  optimizerStateSize,
  type Fitted,
  type ModelDocument,
  type ModelInspection,
} from '../../../engine';
import { DATASET_SHAPES } from '../../../engine/datasets';
import type { TrainingSettings } from '../../../engine/train';
import { plainMessage } from '../../node/describe';
import type { DatasetFacts } from '../datasets';
import type { Validated } from './settings.svelte';

export type Remedy = { kind: 'fit'; label: string } | { kind: 'design'; label: string };

export type Readiness =
  { ok: true } | { ok: false; reason: string; detail: string; remedy: Remedy | null };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function readiness(
  inspection: ModelInspection,
  dataset: DatasetFacts,
  form: Validated,
): Readiness {
  if (!inspection.valid) {
    const count = inspection.problems.length;
    return {
      ok: false,
      reason: `Fix ${plural(count, 'problem')} first`,
      detail: `The model has ${plural(count, 'problem')}: ${firstProblem(inspection)}`,
      remedy: { kind: 'design', label: 'Show the problems' },
    };
  }
  const mismatch = datasetMismatch(inspection, dataset);
  if (mismatch) {
    return {
      ok: false,
      ...mismatch,
      remedy: { kind: 'fit', label: `Fit the model to ${dataset.title}` },
    };
  }
  if (!form.ok) {
    const first = Object.values(form.issues)[0] ?? '';
    return { ok: false, reason: 'Check the settings', detail: first, remedy: null };
  }
  const memory = memoryProblem(inspection, form.settings);
  if (memory) return { ok: false, reason: 'Too large for memory', detail: memory, remedy: null };
  return { ok: true };
}

/**
 * Why training with these settings would not fit in memory, in the engine's words (how much, and
 * what to change), before the worker is asked to allocate any of it; null when it fits.
 */
function memoryProblem(inspection: ModelInspection, settings: TrainingSettings): string | null {
  const footprint = inspectionFootprint(inspection);
  const batch = settings.batchSize;
  if (!footprint || batch === undefined) return null;
  const { type, ...optimizer } = settings.optimizer ?? {};
  const state = type ? optimizerStateSize(type, footprint.parameters, optimizer) : 0;
  try {
    checkMemory(footprint, { batch, trainingBatch: batch, optimizer: state });
    return null;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return plainMessage(error.problems[0]);
  }
}

/** The first problem as the editor words it, with the layer it is on. */
function firstProblem(inspection: ModelInspection): string {
  const problem = inspection.problems[0];
  if (!problem) return '';
  const text = plainMessage(problem);
  return problem.nodeId === undefined ? text : `"${problem.nodeId}": ${text}`;
}

function datasetMismatch(
  inspection: ModelInspection,
  dataset: DatasetFacts,
): { reason: string; detail: string } | null {
  const order = inspection.order;
  const input = inspection.nodes.get(order[0])?.summary?.outputShape;
  const output = inspection.nodes.get(order[order.length - 1])?.summary?.outputShape;
  const { channels, height, width, classes: names } = DATASET_SHAPES[dataset.name];
  const wanted = [channels, height, width];
  const name = dataset.title;
  if (input && formatShape(input) !== formatShape(wanted)) {
    return {
      reason: `Input must be ${formatShape(wanted)} for ${name}`,
      detail: `The model takes ${formatShape(input)} images; ${name} images are ${formatShape(wanted)}.`,
    };
  }
  const classes = names.length;
  if (output && (output.length !== 1 || output[0] !== classes)) {
    return {
      reason: `Output must have ${classes} classes`,
      detail: `The model outputs ${formatShape(output)} values; ${name} has ${classes} classes.`,
    };
  }
  return null;
}

/**
 * The model fitted to the dataset's images and classes (the engine's fitToDataset), or why it
 * cannot be, in the editor's words.
 */
export function fitModel(doc: ModelDocument, dataset: DatasetFacts): Fitted | string {
  try {
    return fitToDataset(doc, DATASET_SHAPES[dataset.name]);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return plainMessage(error.problems[0]);
  }
}
