import { messageOf } from '../errors';
import { ModelError } from '../model/errors';
import { parseModel } from '../model/parse';
import type { ModelDocument, ModelSpec } from '../model/types';
import { toNetwork, type ExportSource } from './source';
import { sanitizeMessage } from '../quote';

export interface ModelJsonOptions {
  /** With every weight (base64 float32), or the architecture and settings alone. */
  weights: boolean;
}

/**
 * The contract's model document: graph, settings, classes and `training` (hyperparameters and the
 * input normalisation) kept as they are, so it is used elsewhere exactly as here.
 */
export function exportModelJson(source: ExportSource, options: ModelJsonOptions): ModelDocument {
  const doc = toNetwork(source).toJSON();
  if (!options.weights) delete doc.weights;
  return doc;
}

/** Reads a model document's text; anything wrong, JSON syntax included, is a ModelError. */
export function importModelJson(text: string): ModelSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelError(`the file is not valid JSON: ${sanitizeMessage(messageOf(error))}`);
  }
  return parseModel(json);
}
