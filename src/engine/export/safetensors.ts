import { float32Bytes } from './weightLayout';

// safetensors (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
// naming each tensor's dtype, shape and byte range, then the tensors' raw little-endian bytes.
// torch, JAX and the Hugging Face tools read it without running any code from the file.

export interface SafetensorsTensor {
  name: string;
  shape: readonly number[];
  /** float32, the only dtype the exporters have. */
  values: Float32Array;
}

const METADATA_KEY = '__metadata__';
/** The header is padded so the tensor data starts 8-byte aligned, as the reference writer does. */
const ALIGNMENT = 8;

/** JSON text as ASCII: non-ASCII characters become \u escapes, so each character is one byte. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function header(tensors: readonly SafetensorsTensor[], metadata: Record<string, string>): string {
  const entries: Record<string, unknown> = Object.create(null);
  let offset = 0;
  for (const { name, shape, values } of tensors) {
    if (name === METADATA_KEY || name in entries) {
      throw new RangeError(`safetensors: tensor name "${name}" is reserved or used twice`);
    }
    if (shape.reduce((n, d) => n * d, 1) !== values.length) {
      throw new RangeError(`safetensors: ${name} has ${values.length} values for shape [${shape}]`);
    }
    entries[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + values.byteLength] };
    offset += values.byteLength;
  }
  if (Object.keys(metadata).length > 0) entries[METADATA_KEY] = metadata;
  const json = asciiJson(entries);
  return json.padEnd(Math.ceil(json.length / ALIGNMENT) * ALIGNMENT, ' ');
}

/** The file's bytes: the tensors in the order given, and optional string metadata. */
export function encodeSafetensors(
  tensors: readonly SafetensorsTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const text = header(tensors, metadata);
  const data = float32Bytes(tensors.map((t) => t.values));
  const bytes = new Uint8Array(8 + text.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  for (let i = 0; i < text.length; i++) bytes[8 + i] = text.charCodeAt(i);
  bytes.set(data, 8 + text.length);
  return bytes;
}
