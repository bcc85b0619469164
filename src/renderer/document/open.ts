// What crosses into the editor from outside (a file, an autosave, a bundled example) is checked
// with parseModel first; a document that fails changes nothing and its problems are shown.

import { ModelError, parseModel, type ModelDocument } from '../../engine';
import { moveNodes } from './edits';
import { layoutPositions } from './layout';

export type Opened = { ok: true; document: ModelDocument } | { ok: false; problems: string[] };

export function readModelText(text: string): Opened {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The file is not JSON: ${(error as Error).message}`] };
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
  return { ok: true, document: withPositions(structuredClone(json) as ModelDocument) };
}

/** Lays the graph out when any node has no position (documents written by hand or by the CLI). */
function withPositions(doc: ModelDocument): ModelDocument {
  return doc.nodes.every((n) => n.position) ? doc : moveNodes(doc, layoutPositions(doc));
}

export function writeModelText(doc: ModelDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
