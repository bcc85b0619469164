import { inferSpecShapes } from './shapes';
import type { LayerSummary, ModelSpec } from './types';

/** Output shape, parameters, MACs and receptive field of every node, in topological order. Never throws for shape problems. */
export function summarize(spec: ModelSpec): LayerSummary[] {
  const inferred = inferSpecShapes(spec);
  return spec.order.map((id) => {
    const {
      id: nodeId,
      type,
      outputShape,
      params,
      macs,
      error,
      receptiveField,
    } = inferred.get(id)!;
    const summary = { id: nodeId, type, outputShape, params, macs, error };
    // Readable but not enumerable: the contract's LayerSummary has exactly the six fields above,
    // so a summary still compares equal to one built from the contract alone.
    Object.defineProperty(summary, 'receptiveField', { value: receptiveField, enumerable: false });
    return summary as LayerSummary;
  });
}
