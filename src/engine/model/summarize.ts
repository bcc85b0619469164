import { inferShapes } from './shapes';
import type { LayerSummary, ModelSpec } from './types';

/** Output shape, parameters, MACs and receptive field of every node, in topological order. Never throws for shape problems. */
export function summarize(spec: ModelSpec): LayerSummary[] {
  const inferred = inferShapes(
    spec.nodes,
    spec.order,
    new Map(Object.entries(spec.inputsOf)),
    spec.classes,
  );
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
    return { id: nodeId, type, outputShape, params, macs, error, receptiveField };
  });
}
