// Whether the model in the editor can train on the chosen dataset, and if not, why, in a short
// phrase for the Start button and a sentence under it, with the one-click change that fixes it
// when there is one (the engine's fitToDataset: the input, its readers, the windows and the
// classifier made to fit the dataset).

import {
  checkMemory,
  fitToDataset,
  inspectionFootprint,
  ModelError,
  optimizerStateSize,
  type Fitted,
  type ModelDocument,
  type ModelInspection,
} from '../../../engine';
import { DATASET_SHAPES, type DatasetName } from '../../../engine/datasets';
import type { TrainingSettings } from '../../../engine/train';
import { plainMessage } from '../../node/describe';
import type { DatasetFacts } from '../datasets';
import type { Validated } from './settings.svelte';

export type Remedy =
  | {
      kind: 'fit';
      label: string;
      /** What fitting the model as it is now changes, a sentence each. */
      changes: readonly string[];
      /** Fits a document (the model as it is when the remedy is taken) to the dataset. */
      apply(doc: ModelDocument): Fitted | string;
    }
  | { kind: 'design'; label: string };

export type Readiness =
  { ok: true } | { ok: false; reason: string; detail: string; remedy: Remedy | null };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const shapeText = (shape: readonly number[]) => shape.join('×');

export function readiness(
  doc: ModelDocument,
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
    const fit = fitted(doc, dataset);
    if (typeof fit === 'string') {
      return {
        ok: false,
        reason: mismatch.reason,
        detail: `${mismatch.detail} Fitting it needs a change to its layers, in Design: ${fit}`,
        remedy: { kind: 'design', label: 'Open in Design' },
      };
    }
    return {
      ok: false,
      reason: mismatch.reason,
      detail: mismatch.detail,
      remedy: {
        kind: 'fit',
        label: `Fit the model to ${dataset.title}`,
        changes: fit.changes,
        apply: (d) => (d === doc ? fit : fitted(d, dataset)),
      },
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
  const wanted = [1, dataset.side, dataset.side];
  const name = dataset.title;
  if (input && shapeText(input) !== shapeText(wanted)) {
    return {
      reason: `Input must be ${shapeText(wanted)} for ${name}`,
      detail: `The model takes ${shapeText(input)} images; ${name} images are ${shapeText(wanted)}.`,
    };
  }
  const classes = dataset.classes.length;
  if (output && (output.length !== 1 || output[0] !== classes)) {
    return {
      reason: `Output must have ${classes} classes`,
      detail: `The model outputs ${shapeText(output)} values; ${name} has ${classes} classes.`,
    };
  }
  return null;
}

// Both readinesses (with and without the form) ask for the same model and dataset after every
// edit; the fit is worked out once per document and dataset.
const fits = new WeakMap<ModelDocument, Map<DatasetName, Fitted | string>>();

/**
 * The model fitted to the dataset's images and classes (the engine's fitToDataset), or why it
 * cannot be, in the editor's words.
 */
function fitted(doc: ModelDocument, dataset: DatasetFacts): Fitted | string {
  let byDataset = fits.get(doc);
  if (!byDataset) fits.set(doc, (byDataset = new Map()));
  let fit = byDataset.get(dataset.name);
  if (fit === undefined) {
    try {
      fit = fitToDataset(doc, DATASET_SHAPES[dataset.name]);
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      fit = plainMessage(error.problems[0]);
    }
    byDataset.set(dataset.name, fit);
  }
  return fit;
}
