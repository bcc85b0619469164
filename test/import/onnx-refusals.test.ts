// Files the importer refuses: each with one clear line, before any layer is built, and at once.
import { describe, expect, it } from 'vitest';
import { ImportError, importOnnx, MAX_ONNX_BYTES } from '../../src/engine/index';
import { floatInitializer, normals, onnxBytes, op, type OnnxSpec } from './onnxFiles';

const small: OnnxSpec = {
  input: { name: 'x', dims: ['N', 1, 4, 4] },
  output: 'y',
  nodes: [op('Conv', ['x', 'w'], 'c'), op('Flatten', ['c'], 'y')],
  weights: { w: [[2, 1, 3, 3], normals(18, 1)] },
};

/** The ImportError importOnnx throws; fails the test when it throws anything else or nothing. */
function refusal(bytes: Uint8Array): ImportError {
  try {
    importOnnx(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('importOnnx accepted the file');
}

function oneLine(bytes: Uint8Array, pattern: RegExp): void {
  const started = performance.now();
  const { message } = refusal(bytes);
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
  expect(performance.now() - started).toBeLessThan(1000);
}

describe('ONNX import: refusals', () => {
  it('refuses bytes that are not protobuf', () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    oneLine(garbage, /^Not an ONNX model: the file is truncated or is not protobuf \(.+\)\.$/);
  });

  it('refuses a text file, an empty file and a protobuf with no graph', () => {
    oneLine(new TextEncoder().encode('{"format": "cnn-studio/model"}'), /^Not an ONNX model/);
    oneLine(new Uint8Array(0), /^The file is empty: it is not an ONNX model\.$/);
    oneLine(Uint8Array.of(0x08, 0x07), /^Not an ONNX model: the file has no graph of operators\.$/);
  });

  it('refuses a truncated model', () => {
    const bytes = onnxBytes(small);
    oneLine(
      bytes.subarray(0, Math.floor(bytes.length * 0.6)),
      /^Not an ONNX model: the file is truncated/,
    );
  });

  it('refuses an opset below 9', () => {
    oneLine(
      onnxBytes({ ...small, opset: 8 }),
      /^The model uses opset 8; the importer reads opset 9 and later\./,
    );
  });

  it('refuses weights kept in external data files', () => {
    const external = {
      ...floatInitializer('w', [2, 1, 3, 3], []),
      rawData: null,
      dataLocation: 1,
      externalData: [{ key: 'location', value: 'weights.bin' }],
    };
    oneLine(
      onnxBytes({ ...small, weights: {}, extraInitializers: [external] }),
      /^The model keeps 1 weight tensor \("w"\) in external data files, which cannot be imported/,
    );
  });

  it('refuses a model with no initializers', () => {
    oneLine(
      onnxBytes({ ...small, weights: {} }),
      /^The model has no initializers, so its weights were not saved/,
    );
  });

  it('refuses a file over 2 GB by its size, before reading it', () => {
    // Zero-filled pages are only mapped when touched, so this costs no 2 GB of memory.
    oneLine(
      new Uint8Array(MAX_ONNX_BYTES + 1),
      /^The file is 2\.1 GB: an ONNX file holds at most 2 GB/,
    );
  });

  it('accepts a symbolic batch but refuses other symbolic dimensions', () => {
    expect(importOnnx(onnxBytes(small)).nodes[0].params).toEqual({
      channels: 1,
      height: 4,
      width: 4,
    });
    oneLine(
      onnxBytes({ ...small, input: { name: 'x', dims: ['N', 1, 'H', 4] } }),
      /^Input "x" has a symbolic height \("H"\); only the batch may be symbolic\./,
    );
  });

  it('names every node it cannot map, with its op, in one error', () => {
    const spec: OnnxSpec = {
      ...small,
      nodes: [
        op('Conv', ['x', 'w'], 'c', [], '/conv/Conv'),
        op('Resize', ['c', '', 'scales'], 'r', [], '/up/Resize'),
        op('Conv', ['r', 'w2'], 'c2', [], '/conv2/Conv'),
        op('Sub', ['c', 'c'], 's', [], '/sub/Sub'),
        op('Add', ['c2', 's'], 'y', [], '/add/Add'),
      ],
      weights: {
        w: [[2, 1, 3, 3], normals(18, 1)],
        w2: [[2, 2, 1, 1], normals(4, 2)],
        scales: [[4], [1, 1, 2, 2]],
      },
    };
    const error = refusal(onnxBytes(spec));
    expect(error.message.split('\n')).toEqual([
      '2 ONNX nodes cannot be mapped to CNN Studio layers:',
      '  "/up/Resize" (Resize): CNN Studio has no layer for Resize.',
      '  "/sub/Sub" (Sub): CNN Studio has no layer for Sub.',
    ]);
    expect(error.problems.slice(1).map((p) => [p.node, p.op])).toEqual([
      ['/up/Resize', 'Resize'],
      ['/sub/Sub', 'Sub'],
    ]);
  });
});
