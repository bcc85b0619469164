// Weight layouts: the engine keeps PyTorch's (conv [F, C/g, kh, kw], dense [U, F]); Keras wants
// conv [kh, kw, C, F] and dense [F, U]. Files store float32 little-endian whatever the host.

/** conv weight [F, C, kh, kw] → [kh, kw, C, F]. */
export function convToHwio(weight: Float32Array, shape: number[]): Float32Array {
  const [filters, channels, kh, kw] = shape;
  const out = new Float32Array(weight.length);
  for (let f = 0; f < filters; f++)
    for (let c = 0; c < channels; c++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++)
          out[((i * kw + j) * channels + c) * filters + f] =
            weight[((f * channels + c) * kh + i) * kw + j];
  return out;
}

/**
 * A grouped conv weight [F, C/g, kh, kw] as the full [F, C, kh, kw] it equals: filter f keeps its
 * group's C/g channels and has zeros for the others'.
 */
export function blockDiagonal(weight: Float32Array, shape: number[], groups: number): Float32Array {
  const [filters, perGroup, kh, kw] = shape;
  const channels = perGroup * groups;
  const window = kh * kw;
  const out = new Float32Array(filters * channels * window);
  const filtersPerGroup = filters / groups;
  for (let f = 0; f < filters; f++) {
    const first = Math.floor(f / filtersPerGroup) * perGroup;
    for (let c = 0; c < perGroup; c++) {
      const from = (f * perGroup + c) * window;
      out.set(weight.subarray(from, from + window), (f * channels + first + c) * window);
    }
  }
  return out;
}

/** [rows, cols] → [cols, rows]; dense weight [U, F] → [F, U]. */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/** The values as little-endian float32 bytes, one buffer for all parts in order. */
export function float32Bytes(parts: Float32Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++, offset += 4) view.setFloat32(offset, part[i], true);
  }
  return bytes;
}
