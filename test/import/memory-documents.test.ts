// A document handed over in memory (what importOnnx returns) may hold Float32Array weights: they
// are checked as base64 data is, and kept rather than copied.
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/index';
import { chain } from '../engine/models';

const doc = (data: Float32Array) =>
  chain(
    [1, 2, 2],
    [
      { id: 'fl', type: 'flatten' },
      { id: 'out', type: 'dense', params: { units: 2, useBias: false } },
    ],
    {
      weights: { out: { weight: { shape: [2, 4], data } } },
    },
  );

describe('Float32Array weights', () => {
  it('are kept as they are', () => {
    const data = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(parseModel(doc(data)).weights.out.weight.data).toBe(data);
  });

  it('must fit the shape and be finite', () => {
    expect(() => parseModel(doc(new Float32Array(7)))).toThrow(
      'weights of node "out" (dense): weight data holds 7 values but its shape needs 8',
    );
    expect(() => parseModel(doc(Float32Array.of(1, 2, NaN, 4, 5, 6, 7, 8)))).toThrow(
      'weights of node "out" (dense): weight data[2] must be a finite float32 number, got NaN',
    );
  });
});
