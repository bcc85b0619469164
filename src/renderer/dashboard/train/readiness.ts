// Whether the model in the editor can train on the chosen dataset, and if not, why, in a short
// phrase for the Start button and a sentence under it, with the one-click change that fixes it
// when there is one (fit the input and the class count to the dataset).

import {
  checkMemory,
  inspectionFootprint,
  inspectModel,
  ModelError,
  optimizerStateSize,
  type ModelDocument,
  type ModelInspection,
} from '../../../engine';
import type { TrainingSettings } from '../../../engine/train';
import { setParam } from '../../document/edits';
import { plainMessage } from '../../node/describe';
import type { DatasetFacts } from '../datasets';
import type { Validated } from './settings.svelte';

export type Remedy =
  | { kind: 'fit'; label: string; apply(doc: ModelDocument): ModelDocument }
  | { kind: 'design'; label: string };

export type Readiness =
  { ok: true } | { ok: false; reason: string; detail: string; remedy: Remedy | null };

/** Layers that keep their input's shape: the class count is set on the dense layer before them. */
const SHAPE_KEEPING = new Set([
  'softmax',
  'relu',
  'tanh',
  'sigmoid',
  'relu6',
  'silu',
  'gelu',
  'leakyrelu',
  'dropout',
  'batchnorm',
  'layernorm',
]);

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
    const fit = fitToDataset(doc, inspection, dataset);
    return {
      ok: false,
      reason: mismatch.reason,
      detail: fit
        ? mismatch.detail
        : `${mismatch.detail} Fitting it needs a change to its layers, in Design.`,
      remedy: fit
        ? { kind: 'fit', label: `Fit the model to ${dataset.title}`, apply: fit }
        : { kind: 'design', label: 'Open in Design' },
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

/**
 * The model with its input sized to the dataset's images and its last dense layer sized to the
 * dataset's classes, or null when that does not give a valid model (a deep net on 8×8 images).
 */
export function fitToDataset(
  doc: ModelDocument,
  inspection: ModelInspection,
  dataset: DatasetFacts,
): ((doc: ModelDocument) => ModelDocument) | null {
  const inputId = inspection.order[0];
  const classifier = classifierOf(inspection);
  if (!inputId || !classifier) return null;
  const apply = (d: ModelDocument): ModelDocument => {
    let next = setParam(d, inputId, 'channels', 1);
    next = setParam(next, inputId, 'height', dataset.side);
    next = setParam(next, inputId, 'width', dataset.side);
    next = setParam(next, classifier, 'units', dataset.classes.length);
    return { ...next, classes: [...dataset.classes] };
  };
  const fitted = inspectModel(apply(doc));
  return fitted.valid && !datasetMismatch(fitted, dataset) ? apply : null;
}

/** The dense layer whose units are the class scores: the output, or the last before shape-keeping layers. */
function classifierOf(inspection: ModelInspection): string | null {
  let id: string | undefined = inspection.order[inspection.order.length - 1];
  while (id) {
    const node = inspection.nodes.get(id);
    if (node?.type === 'dense') return id;
    if (!node || !SHAPE_KEEPING.has(node.type)) return null;
    const inputs: string[] = inspection.inputsOf.get(id) ?? [];
    id = inputs.length === 1 ? inputs[0] : undefined;
  }
  return null;
}
