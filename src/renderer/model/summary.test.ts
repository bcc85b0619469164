import { describe, expect, it } from 'vitest';
import { lenet5 } from '../templates/lenet5';
import { summarizeDocument } from './summary';

describe('summarizeDocument', () => {
  it('gives the LeNet-5 template its textbook shapes, parameters and costs', () => {
    const result = summarizeDocument(lenet5);
    if (!result.ok) throw new Error(result.error);
    const { layers, params, macs } = result.summary;

    expect(
      layers.map(({ id, type, outputShape, params, macs, error }) => ({
        id,
        type,
        outputShape,
        params,
        macs,
        error,
      })),
    ).toEqual([
      { id: 'in', type: 'input', outputShape: [1, 28, 28], params: 0, macs: 0, error: null },
      {
        id: 'c1',
        type: 'conv2d',
        outputShape: [6, 28, 28],
        params: 156,
        macs: 117_600,
        error: null,
      },
      { id: 'p1', type: 'maxpool2d', outputShape: [6, 14, 14], params: 0, macs: 0, error: null },
      {
        id: 'c2',
        type: 'conv2d',
        outputShape: [16, 10, 10],
        params: 2_416,
        macs: 240_000,
        error: null,
      },
      { id: 'p2', type: 'maxpool2d', outputShape: [16, 5, 5], params: 0, macs: 0, error: null },
      { id: 'fl', type: 'flatten', outputShape: [400], params: 0, macs: 0, error: null },
      { id: 'f1', type: 'dense', outputShape: [120], params: 48_120, macs: 48_000, error: null },
      { id: 'f2', type: 'dense', outputShape: [84], params: 10_164, macs: 10_080, error: null },
      { id: 'out', type: 'dense', outputShape: [10], params: 850, macs: 840, error: null },
    ]);
    expect(params).toBe(61_706);
    expect(macs).toBe(416_520);
  });

  it('reports a document that is not a model as a sentence instead of throwing', () => {
    const result = summarizeDocument({ ...lenet5, version: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/version/);
  });
});
