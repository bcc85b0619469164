import { ImportError } from '../errors';
import { onnx, toNumber, type Int64, type TensorProto } from './proto';

// Initializers and Constant values as plain arrays. Float weights stay views of the file's bytes
// where their offset allows (a 500 MB model is not copied); other types are small (shapes, axes).

const { DataType } = onnx.TensorProto;

export interface Constant {
  dims: number[];
  /** float32 for FLOAT tensors; float64 for the small DOUBLE and integer ones (shapes, axes). */
  data: Float32Array | Float64Array;
}

const elements = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Whether the tensor keeps its values in a file beside the model. */
export const isExternal = (t: TensorProto): boolean =>
  t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0;

export function readTensor(t: TensorProto, where: string): Constant {
  const dims = (t.dims ?? []).map(toNumber);
  const count = elements(dims);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  const fail = (why: string) => new ImportError(`${where}: ${why}`);
  switch (t.dataType) {
    case DataType.FLOAT: {
      if (raw) {
        if (raw.byteLength !== count * 4)
          throw fail(`holds ${raw.byteLength} bytes but its shape [${dims}] needs ${count * 4}`);
        // Float32Array needs a 4-byte-aligned offset; protobuf puts the bytes anywhere.
        const data =
          raw.byteOffset % 4 === 0
            ? new Float32Array(raw.buffer, raw.byteOffset, count)
            : new Float32Array(copyBytes(raw).buffer);
        return { dims, data };
      }
      return { dims, data: sized(Float32Array.from(t.floatData ?? []), count, fail) };
    }
    case DataType.DOUBLE: {
      if (raw)
        return {
          dims,
          data: sized(
            littleEndian(raw, 8, (v, o) => v.getFloat64(o, true)),
            count,
            fail,
          ),
        };
      return { dims, data: sized(Float64Array.from(t.doubleData ?? []), count, fail) };
    }
    case DataType.INT64: {
      if (raw)
        return {
          dims,
          data: sized(
            littleEndian(raw, 8, (v, o) => Number(v.getBigInt64(o, true))),
            count,
            fail,
          ),
        };
      return {
        dims,
        data: sized(Float64Array.from((t.int64Data ?? []) as Int64[], toNumber), count, fail),
      };
    }
    case DataType.INT32: {
      if (raw)
        return {
          dims,
          data: sized(
            littleEndian(raw, 4, (v, o) => v.getInt32(o, true)),
            count,
            fail,
          ),
        };
      return { dims, data: sized(Float64Array.from(t.int32Data ?? []), count, fail) };
    }
    default: {
      const type = DataType[t.dataType ?? 0] ?? String(t.dataType);
      throw fail(`is a ${type} tensor; only FLOAT weights import`);
    }
  }
}

function littleEndian(
  raw: Uint8Array,
  size: number,
  read: (view: DataView, offset: number) => number,
): Float64Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(Math.floor(raw.byteLength / size));
  for (let i = 0; i < out.length; i++) out[i] = read(view, i * size);
  return out;
}

function sized<T extends Float32Array | Float64Array>(
  data: T,
  count: number,
  fail: (why: string) => ImportError,
): T {
  if (data.length !== count) throw fail(`holds ${data.length} values but its shape needs ${count}`);
  return data;
}

/** A copy in a buffer of its own (a Node Buffer's slice would still share the file's memory). */
function copyBytes(raw: Uint8Array): Uint8Array {
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return copy;
}
