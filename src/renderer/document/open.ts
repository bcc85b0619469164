// What crosses into the editor from outside (a file, an autosave, a bundled example) is checked
// with parseModel first; a document that fails changes nothing and its problems are shown.

import { encodeFloat32Base64, ModelError, parseModel, type ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import { moveNodes } from './edits';
import { layoutPositions } from './autoLayout';
import { sanitizeMessage } from '../../engine/quote';
import { closeGaps } from '../blocks/edits';
import { readBlocks, withoutBlocks } from '../blocks/model';

/** `notes`: what was left out of a document that opened (blocks the editor could not read). */
export type Opened =
  { ok: true; document: ModelDocument; notes: string[] } | { ok: false; problems: string[] };

export function readModelText(text: string): Opened {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The file is not JSON: ${sanitizeMessage(messageOf(error))}`] };
  }
  return readModel(json);
}

export function readModel(json: unknown): Opened {
  try {
    parseModel(json);
  } catch (error) {
    if (error instanceof ModelError)
      return { ok: false, problems: error.problems.map((p) => p.message) };
    throw error;
  }
  // parseModel accepted it, so it is a model document; a copy keeps the caller's object out of it.
  const document = structuredClone(json) as ModelDocument;
  // The editor's blocks are its own: ones it cannot read are left out, and the model opens.
  const blocks = readBlocks(document);
  if (!blocks.ok) {
    return {
      ok: true,
      document: withPositions(withoutBlocks(document)),
      notes: [`Its blocks were left out (${blocks.problems.join('; ')}).`],
    };
  }
  return { ok: true, document: withPositions(document), notes: [] };
}

/**
 * Lays the graph out when any node has no position (documents written by hand or by the CLI, the
 * templates), collapsed blocks as single cards.
 */
function withPositions(doc: ModelDocument): ModelDocument {
  return doc.nodes.every((n) => n.position) ? doc : closeGaps(moveNodes(doc, layoutPositions(doc)));
}

// Weights an import keeps in memory as Float32Arrays (views of the file) are written as base64,
// each once: the documents of an undo history share their tensors.
const encoded = new WeakMap<Float32Array, string>();

function base64Of(values: Float32Array): string {
  let text = encoded.get(values);
  if (text === undefined) {
    text = encodeFloat32Base64(values);
    encoded.set(values, text);
  }
  return text;
}

const typedAsBase64 = (_key: string, value: unknown) =>
  value instanceof Float32Array ? base64Of(value) : value;

export function writeModelText(doc: ModelDocument): string {
  return `${JSON.stringify(doc, typedAsBase64, 2)}\n`;
}

/**
 * Most weight data an autosave keeps: every template trained (VGG-small is 0.9 MB) fits, and the
 * web edition's storage holds a few million characters. An imported model's weights (ResNet-18's
 * are 45 MB) stay in memory until the model is saved.
 */
export const AUTOSAVE_WEIGHT_BYTES = 2 * 2 ** 20;

/** The bytes of float32 data a document's weights hold. */
export function weightBytes(doc: ModelDocument): number {
  let values = 0;
  for (const tensors of Object.values(doc.weights ?? {}))
    for (const t of Object.values(tensors)) values += t.shape.reduce((a, b) => a * b, 1);
  return values * 4;
}

/** The autosave's text: the document, without its weights when they are too large to keep so. */
export function writeAutosaveText(doc: ModelDocument): { text: string; weightsLeftOut: boolean } {
  if (weightBytes(doc) <= AUTOSAVE_WEIGHT_BYTES)
    return { text: writeModelText(doc), weightsLeftOut: false };
  const light = { ...doc };
  delete light.weights;
  return { text: writeModelText(light), weightsLeftOut: true };
}
