// A reader of safetensors files, written from the format's description, to check our writer.

export interface StoredTensor {
  dtype: string;
  shape: number[];
  offsets: [number, number];
  values: Float32Array;
}

export interface SafetensorsFile {
  /** N, the header's length in bytes. */
  headerLength: number;
  header: string;
  tensors: Record<string, StoredTensor>;
  metadata?: Record<string, string>;
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  const { __metadata__: metadata, ...entries } = JSON.parse(header) as Record<string, unknown>;
  const start = 8 + headerLength;
  const tensors: Record<string, StoredTensor> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = entry as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    const values = new Float32Array((offsets[1] - offsets[0]) / 4);
    for (let i = 0; i < values.length; i++)
      values[i] = view.getFloat32(start + offsets[0] + 4 * i, true);
    tensors[name] = { dtype, shape, offsets, values };
  }
  return {
    headerLength,
    header,
    tensors,
    ...(metadata ? { metadata: metadata as Record<string, string> } : {}),
  };
}
