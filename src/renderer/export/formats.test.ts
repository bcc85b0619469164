import { describe, expect, it } from 'vitest';
import { parseModel } from '../../engine';
import { TFJS_WEIGHTS_FILE } from '../../engine/export/index';
import { readModel } from '../document/open';
import { lenet5Template } from '../templates/templates';
import { baseName, EXPORT_FORMATS, exportFiles } from './formats';

function lenet5() {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return opened.document;
}

describe('Export menu formats', () => {
  it('names each export after the model', () => {
    const doc = lenet5();
    const names = Object.fromEntries(
      EXPORT_FORMATS.map((f) => {
        const request = exportFiles(f, doc);
        return [f, [request.suggestedName, request.files.map((file) => file.name)]];
      }),
    );
    expect(names).toEqual({
      json: ['LeNet-5.json', ['LeNet-5.json']],
      'json-architecture': ['LeNet-5.architecture.json', ['LeNet-5.architecture.json']],
      tfjs: ['LeNet-5-tfjs', ['model.json', TFJS_WEIGHTS_FILE]],
      onnx: ['LeNet-5.onnx', ['LeNet-5.onnx']],
      pytorch: ['LeNet-5-pytorch', ['model.py', 'train.py', 'weights.json', 'weights.safetensors']],
    });
  });

  it('writes model JSON that opens again, with or without the weights', () => {
    const doc = lenet5();
    const withWeights = exportFiles('json', doc).files[0].data as string;
    const spec = parseModel(JSON.parse(withWeights));
    expect(Object.keys(spec.weights).sort()).toEqual(['c1', 'c2', 'f1', 'f2', 'out']);
    const bare = JSON.parse(exportFiles('json-architecture', doc).files[0].data as string);
    expect(bare.weights).toBeUndefined();
    expect(bare.nodes).toHaveLength(doc.nodes.length);
  });

  it('gives ONNX and TF.js weights as bytes', () => {
    const doc = lenet5();
    expect(exportFiles('onnx', doc).files[0].data).toBeInstanceOf(Uint8Array);
    expect(exportFiles('tfjs', doc).files[1].data).toBeInstanceOf(Uint8Array);
  });

  it('refuses a model that does not parse, saying why', () => {
    const doc = lenet5();
    const broken = { ...doc, edges: doc.edges.slice(1) };
    expect(() => exportFiles('onnx', broken)).toThrow(/input/);
  });

  it('makes file names from model names', () => {
    expect(baseName('LeNet/5: small')).toBe('LeNet-5- small');
    expect(baseName('  ')).toBe('model');
    expect(baseName(undefined)).toBe('model');
  });
});
