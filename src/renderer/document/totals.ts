// The model's totals for the header: trainable parameters, multiply-accumulates per sample, and
// the memory its weights take as float32 (running statistics included, they are saved too).

import type { ModelInspection } from '../../engine';

export interface Totals {
  params: number;
  macs: number;
  weightBytes: number;
  /** How many nodes the sums leave out: those whose shape is unknown. */
  uncounted: number;
}

export function totalsOf(inspection: ModelInspection): Totals {
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
  return { params, macs, weightBytes: weightValues * 4, uncounted };
}
