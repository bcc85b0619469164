// An outside model file made into a document the editor opens: imported, checked as any file is,
// and laid out. Pure, so it runs in the import worker and under test alike.

import {
  ImportError,
  importOnnxModel,
  ModelError,
  parseModel,
  type ModelDocument,
} from '../../engine';
import { messageOf } from '../../engine/errors';
import { layoutPositions } from '../document/autoLayout';
import { moveNodes } from '../document/edits';

/** What the worker is doing; `reading` is the one whose share done is known. */
export type ImportStage = 'reading' | 'mapping' | 'checking' | 'laying out';

export interface ImportedModel {
  document: ModelDocument;
  /** What was mapped, one sentence a line (the importer's report). */
  report: string[];
}

/** Why a file was not imported: one line, and the nodes or problems behind it, if any. */
export interface ImportFailure {
  message: string;
  details: string[];
}

/** `resnet18.onnx` → `resnet18`: the model's name when the file's graph has a generic one. */
export const modelNameOf = (fileName: string) => fileName.replace(/\.onnx$/i, '') || fileName;

export function importModelBytes(
  bytes: Uint8Array,
  fileName: string,
  progress: (stage: ImportStage) => void = () => undefined,
): ImportedModel {
  progress('mapping');
  const { document, report } = importOnnxModel(bytes, { name: modelNameOf(fileName) });
  // Every weight is decoded and checked here, off the page's thread, as Open checks a file.
  progress('checking');
  parseModel(document);
  progress('laying out');
  return { document: moveNodes(document, layoutPositions(document)), report };
}

export function importFailure(error: unknown): ImportFailure {
  if (error instanceof ImportError) {
    const [first, ...rest] = error.problems.map((p) => p.message.trim());
    return { message: first, details: rest };
  }
  if (error instanceof ModelError) {
    return {
      message: 'The imported model is not valid here.',
      details: error.problems.map((p) => p.message),
    };
  }
  return { message: messageOf(error), details: [] };
}
