import { describe, expect, it } from 'vitest';
import { encodeFloat32Base64, parseModel, type ModelDocument } from '../../engine';
import { AUTOSAVE_WEIGHT_BYTES, readModelText, writeAutosaveText, writeModelText } from './open';

/** input 1×1×F → flatten → dense(units), with the dense weights in memory as an import has them. */
function imported(features: number, units: number): ModelDocument {
  const weight = Float32Array.from({ length: units * features }, (_, i) => (i % 7) - 3.5);
  return {
    format: 'cnn-studio/model',
    version: 1,
    nodes: [
      { id: 'in', type: 'input', params: { channels: 1, height: 1, width: features } },
      { id: 'fl', type: 'flatten' },
      { id: 'fc', type: 'dense', params: { units, useBias: false } },
    ],
    edges: [
      { from: 'in', to: 'fl' },
      { from: 'fl', to: 'fc' },
    ],
    weights: { fc: { weight: { shape: [units, features], data: weight } } },
  };
}

describe('model text', () => {
  it('writes weights held as Float32Arrays as base64, which reads back to the same values', () => {
    const doc = imported(5, 3);
    const text = writeModelText(doc);
    const json = JSON.parse(text);
    const data = doc.weights!.fc.weight.data as Float32Array;
    expect(json.weights.fc.weight.data).toBe(encodeFloat32Base64(data));
    const opened = readModelText(text);
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(parseModel(opened.document).weights.fc.weight.data).toEqual(data);
  });

  it('autosaves weights up to the limit, and a larger model without them', () => {
    const small = imported(64, 8);
    expect(writeAutosaveText(small)).toEqual({
      text: writeModelText(small),
      weightsLeftOut: false,
    });
    const units = AUTOSAVE_WEIGHT_BYTES / 4 / 1024 + 1;
    const large = imported(1024, units);
    const { text, weightsLeftOut } = writeAutosaveText(large);
    expect(weightsLeftOut).toBe(true);
    const json = JSON.parse(text);
    expect(json.weights).toBeUndefined();
    expect(json.nodes).toEqual(large.nodes);
    expect(large.weights).toBeDefined();
  });
});
