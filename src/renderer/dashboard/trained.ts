// Trained weights going back into the editor's document, and what counts as "the same model" for
// deciding whether the worker must load the editor's model again.

import type { ModelDocument } from '../../engine';
import { NORMALIZATION_KINDS, type NormalizationKind } from '../../engine/datasets';
import { defaultsFor } from '../../engine/train/defaults';

/**
 * The editor's document with the trained weights and the `training` record that produced them.
 * Only layers the document still has are taken; the store drops tensors whose shapes no longer
 * fit (the graph may have been edited while training ran).
 */
export function withTrainedWeights(current: ModelDocument, trained: ModelDocument): ModelDocument {
  const ids = new Set(current.nodes.map((n) => n.id));
  const weights = Object.fromEntries(
    Object.entries(trained.weights ?? {}).filter(([id]) => ids.has(id)),
  );
  const next: ModelDocument = { ...current, weights };
  if (Object.keys(weights).length === 0) delete next.weights;
  if (trained.training) next.training = trained.training;
  return next;
}

/** What the network computes from: layers, wiring, classes and which layers have weights. */
export function modelKey(doc: ModelDocument): string {
  return JSON.stringify([
    doc.nodes.map((n) => [n.id, n.type, Object.keys(n.params ?? {}).length ? n.params : null]),
    doc.edges,
    doc.classes ?? null,
    Object.keys(doc.weights ?? {}).sort(),
  ]);
}

/** The document without weights: training starts from fresh ones. */
export function withoutWeights(doc: ModelDocument): ModelDocument {
  const next = { ...doc };
  delete next.weights;
  return next;
}

/** The normalisation kind a document was trained with; the default one when it says none. */
export function normalizationKind(doc: ModelDocument): NormalizationKind {
  const recorded = doc.training?.normalization;
  const kind =
    typeof recorded === 'string'
      ? recorded
      : typeof recorded === 'object' && recorded !== null
        ? (recorded as { kind?: unknown }).kind
        : undefined;
  return NORMALIZATION_KINDS.find((k) => k === kind) ?? defaultsFor().normalization;
}
