// The model exports the Export menu offers, as files ready for the host to write: a pure function
// of the model document, run in a worker (export.worker.ts) so a big model never stalls the page.

import { parseModel, type ModelDocument } from '../../engine';
import {
  exportModelJson,
  exportOnnx,
  exportPytorch,
  exportTfjs,
  TFJS_WEIGHTS_FILE,
} from '../../engine/export/index';
import type { ExportRequest } from '../../shared/backend';
import type { Command } from '../../shared/commands';

export const EXPORT_FORMATS = ['json', 'json-architecture', 'tfjs', 'onnx', 'pytorch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_TITLES: Record<ExportFormat, string> = {
  json: 'Model JSON with weights',
  'json-architecture': 'Model JSON, architecture only',
  tfjs: 'TensorFlow.js (model.json + weights)',
  onnx: 'ONNX (.onnx)',
  pytorch: 'PyTorch (model.py, train.py, weights)',
};

/** The export commands (the desktop app's File ▸ Export menu items) and the format of each. */
export const MENU_FORMATS = {
  'export-json': 'json',
  'export-tfjs': 'tfjs',
  'export-onnx': 'onnx',
  'export-pytorch': 'pytorch',
} as const satisfies Partial<Record<Command, ExportFormat>>;

/** `LeNet-5` → `LeNet-5`; characters file systems dislike become `-`. */
export function baseName(name: string | undefined): string {
  return (name ?? '').trim().replace(/[\\/:*?"<>|]+/g, '-') || 'model';
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of one export. Throws the engine's ModelError for a model that does not parse and
 * ExportError for one a format cannot express (the message says which layer and why).
 */
export function exportFiles(format: ExportFormat, document: ModelDocument): ExportRequest {
  const spec = parseModel(document);
  const base = baseName(document.name);
  switch (format) {
    case 'json':
      return single(`${base}.json`, json(exportModelJson(spec, { weights: true })));
    case 'json-architecture':
      return single(`${base}.architecture.json`, json(exportModelJson(spec, { weights: false })));
    case 'onnx':
      return single(`${base}.onnx`, exportOnnx(spec));
    case 'tfjs': {
      const { modelJson, weightsBin } = exportTfjs(spec);
      return {
        suggestedName: `${base}-tfjs`,
        files: [
          { name: 'model.json', data: JSON.stringify(modelJson) },
          { name: TFJS_WEIGHTS_FILE, data: weightsBin },
        ],
      };
    }
    case 'pytorch':
      return {
        suggestedName: `${base}-pytorch`,
        files: Object.entries(exportPytorch(spec)).map(([name, data]) => ({ name, data })),
      };
  }
}

function single(name: string, data: string | Uint8Array): ExportRequest {
  return { suggestedName: name, files: [{ name, data }] };
}
