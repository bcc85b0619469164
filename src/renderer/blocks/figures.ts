// What a collapsed block's card shows, from the inspection's figures for its layers: the shape its
// exit gives, the parameters and multiply-accumulates of all its layers, and its exit's receptive
// field (the input pixels one value leaving the block sees).

import type { ModelInspection, Shape } from '../../engine';

export interface BlockFigures {
  outputShape: Shape | null;
  /** Null while any of its layers' shapes is unknown: a partial sum would mislead. */
  params: number | null;
  macs: number | null;
  receptiveField: Shape | null;
  /** Problems on its layers, all of them together. */
  problems: number;
}

export function blockFigures(
  inspection: ModelInspection,
  layers: readonly string[],
  exit: string,
): BlockFigures {
  let params = 0;
  let macs = 0;
  let known = true;
  let problems = 0;
  for (const id of layers) {
    const node = inspection.nodes.get(id);
    problems += node?.problems.length ?? 0;
    if (!node?.summary?.outputShape) known = false;
    params += node?.summary?.params ?? 0;
    macs += node?.summary?.macs ?? 0;
  }
  const last = inspection.nodes.get(exit)?.summary;
  return {
    outputShape: last?.outputShape ?? null,
    params: known ? params : null,
    macs: known ? macs : null,
    receptiveField: last?.receptiveField?.size ?? null,
    problems,
  };
}
