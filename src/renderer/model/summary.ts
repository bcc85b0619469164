// What the summary views show of a model document: the engine's per-layer summary and totals,
// or the sentence saying why the document is not a model.

import { ModelError, parseModel, summarize, type LayerSummary } from '../../engine';

export interface ModelSummary {
  layers: LayerSummary[];
  params: number;
  macs: number;
}

export type SummaryResult = { ok: true; summary: ModelSummary } | { ok: false; error: string };

export function summarizeDocument(document: unknown): SummaryResult {
  let layers: LayerSummary[];
  try {
    layers = summarize(parseModel(document));
  } catch (error) {
    // Only a bad document is the user's to fix; anything else is a bug and should surface.
    if (error instanceof ModelError) return { ok: false, error: error.message };
    throw error;
  }
  const params = layers.reduce((sum, layer) => sum + layer.params, 0);
  const macs = layers.reduce((sum, layer) => sum + layer.macs, 0);
  return { ok: true, summary: { layers, params, macs } };
}
