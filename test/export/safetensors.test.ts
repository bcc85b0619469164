// The safetensors writer, read back by a reader written from the format's description.
import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../src/engine/export/safetensors';
import { readSafetensors } from './safetensorsFile';

const kernel = new Float32Array([1.5, -0, 3e-45, -2.25, 1e30, Infinity]);
const bias = new Float32Array([0.1, -0.2, 0.3, 0.4, -0.5]);

describe('safetensors writer', () => {
  it('writes the header length, the header and the data back to back', () => {
    const bytes = encodeSafetensors(
      [
        { name: 'conv.weight', shape: [2, 3], values: kernel },
        { name: 'conv.bias', shape: [5], values: bias },
      ],
      { format: 'pt' },
    );
    const file = readSafetensors(bytes);
    expect(bytes.length).toBe(8 + file.headerLength + 4 * (6 + 5));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors['conv.weight']).toMatchObject({ dtype: 'F32', shape: [2, 3] });
    expect(file.tensors['conv.weight'].offsets).toEqual([0, 24]);
    expect(file.tensors['conv.bias'].offsets).toEqual([24, 44]);
  });

  it('stores every value bit for bit, little-endian', () => {
    const bytes = encodeSafetensors([{ name: 'w', shape: [6], values: kernel }]);
    const { headerLength, tensors } = readSafetensors(bytes);
    const data = bytes.subarray(8 + headerLength);
    const expected = new DataView(new ArrayBuffer(4 * kernel.length));
    kernel.forEach((v, i) => expected.setFloat32(4 * i, v, true));
    expect(data).toEqual(new Uint8Array(expected.buffer));
    expect(tensors.w.values).toEqual(kernel); // Object.is per value: -0 stays -0
  });

  it('pads the header with spaces so the data starts 8-byte aligned', () => {
    for (let length = 1; length <= 16; length++) {
      const name = 'x'.repeat(length);
      const { headerLength, header } = readSafetensors(
        encodeSafetensors([{ name, shape: [1], values: new Float32Array([1]) }]),
      );
      expect(headerLength % 8).toBe(0);
      const json = JSON.stringify({ [name]: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
      expect(header).toBe(json.padEnd(headerLength, ' '));
      expect(headerLength - json.length).toBeLessThan(8);
    }
  });

  it('keeps the header ASCII, so its length in bytes is its length in characters', () => {
    const name = 'Modèle ✓ 😀';
    const bytes = encodeSafetensors([{ name: 'w', shape: [], values: new Float32Array([2]) }], {
      name,
    });
    const { headerLength, metadata, tensors } = readSafetensors(bytes);
    expect(bytes.subarray(8, 8 + headerLength).every((b) => b < 0x80)).toBe(true);
    expect(metadata).toEqual({ name });
    expect(tensors.w).toMatchObject({ shape: [], offsets: [0, 4] });
  });

  it('leaves __metadata__ out when there is none', () => {
    const { header } = readSafetensors(
      encodeSafetensors([{ name: 'w', shape: [1], values: new Float32Array(1) }]),
    );
    expect(header).not.toContain('__metadata__');
  });

  it('refuses a shape that does not match the values, and reserved or repeated names', () => {
    const values = new Float32Array(4);
    expect(() => encodeSafetensors([{ name: 'w', shape: [3], values }])).toThrow(/4 values/);
    expect(() => encodeSafetensors([{ name: '__metadata__', shape: [4], values }])).toThrow(
      /reserved or used twice/,
    );
    const twice = { name: 'w', shape: [4], values };
    expect(() => encodeSafetensors([twice, twice])).toThrow(/reserved or used twice/);
  });
});
