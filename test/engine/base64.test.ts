// Tensor data as base64 of little-endian float32: the same text Node's own encoder writes, for
// every length modulo 3 and for a tensor that is a view into a larger buffer (an imported weight).
import { describe, expect, it } from 'vitest';
import { encodeFloat32Base64, Random } from '../../src/engine/index';
import { bytesToFloat32, decodeBase64 } from '../../src/engine/model/base64';

const nodeBase64 = (values: Float32Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

function values(n: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n }, () => random.normal() * 1e3);
}

describe('float32 base64', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 1000, 1001, 1002]) {
    it(`${n} values encode as Node encodes their bytes and decode back`, () => {
      const x = values(n, n + 1);
      const text = encodeFloat32Base64(x);
      expect(text).toBe(nodeBase64(x));
      const bytes = decodeBase64(text);
      expect(typeof bytes).not.toBe('string');
      expect(bytesToFloat32(bytes as Uint8Array)).toEqual(x);
    });
  }

  it('encodes a view at an offset into a larger buffer by its own values only', () => {
    const whole = values(64, 9);
    const view = whole.subarray(5, 12);
    expect(encodeFloat32Base64(view)).toBe(nodeBase64(Float32Array.from(view)));
  });
});
