// The model's totals for the header: trainable parameters, multiply-accumulates per sample, the
// memory its weights take as float32 (running statistics included, they are saved too), and the
// memory training it takes at its batch size.

import {
  inspectionFootprint,
  memoryPlan,
  optimizerStateSize,
  type ModelInspection,
} from '../../engine';
import { resolveSettings, SettingsError } from '../../engine/train';

export interface Totals {
  params: number;
  macs: number;
  weightBytes: number;
  /** How many nodes the sums leave out: those whose shape is unknown. */
  uncounted: number;
  /**
   * Bytes training holds (weights, gradients, optimizer state, every layer's output) at the batch
   * size the document's training section gives, else its dataset's; null while the model has
   * problems or that section is invalid.
   */
  trainingMemory: { batch: number; bytes: number } | null;
}

export function totalsOf(inspection: ModelInspection, training?: unknown): Totals {
  let params = 0;
  let macs = 0;
  let weightValues = 0;
  let uncounted = 0;
  for (const node of inspection.nodes.values()) {
    if (!node.summary?.outputShape) uncounted += 1;
    params += node.summary?.params ?? 0;
    macs += node.summary?.macs ?? 0;
    for (const w of node.weights) weightValues += w.shape.reduce((a, b) => a * b, 1);
  }
  return {
    params,
    macs,
    weightBytes: weightValues * 4,
    uncounted,
    trainingMemory: trainingMemory(inspection, training),
  };
}

function trainingMemory(inspection: ModelInspection, training: unknown): Totals['trainingMemory'] {
  const footprint = inspectionFootprint(inspection);
  if (!footprint) return null;
  let settings;
  try {
    settings = resolveSettings(training);
  } catch (error) {
    if (error instanceof SettingsError) return null;
    throw error;
  }
  const { type, ...optimizer } = settings.optimizer;
  const batch = settings.batchSize;
  const use = {
    batch,
    trainingBatch: batch,
    optimizer: optimizerStateSize(type, footprint.parameters, optimizer),
  };
  return { batch, bytes: memoryPlan(footprint, use).total };
}
