import { inspectModel, type ModelInspection } from './inspect';
import type { ModelDocument, TensorDoc } from './types';

// Trained weights stay in the document only while they fit: an edit that changes a layer's
// weight shapes (more filters, a new input size) drops that layer's tensors, which training then
// starts afresh (initialised from the run's seed), instead of leaving a document the engine
// refuses. The editor prunes after every edit; fitting a model to a dataset prunes once.

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export function pruneStaleWeights(doc: ModelDocument, inspection?: ModelInspection): ModelDocument {
  if (!doc.weights) return doc;
  const { nodes } = inspection ?? inspectModel(doc);
  let changed = false;
  const kept: Record<string, Record<string, TensorDoc>> = {};
  for (const [id, tensors] of Object.entries(doc.weights)) {
    const node = nodes.get(id);
    // Unknown shapes (a problem upstream) cannot be judged yet; the tensors stay until they can.
    const known = node?.summary?.outputShape != null;
    const fitting = Object.entries(tensors).filter(([name, tensor]) => {
      if (!node) return false;
      if (!known) return true;
      const spec = node.weights.find((w) => w.name === name);
      return spec !== undefined && sameShape(spec.shape, tensor.shape);
    });
    if (fitting.length !== Object.keys(tensors).length) changed = true;
    if (fitting.length > 0) kept[id] = Object.fromEntries(fitting);
  }
  if (!changed) return doc;
  const next: ModelDocument = { ...doc, weights: kept };
  if (Object.keys(kept).length === 0) delete next.weights;
  return next;
}
