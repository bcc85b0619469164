import { bytesToFloat32, decodeBase64 } from '../model/base64';
import { ModelError } from '../model/errors';
import type { TensorDoc } from '../model/types';

/** A tensor's values, whichever of the document's three forms holds them. */
export function tensorValues(tensor: TensorDoc, where: string): Float32Array {
  const values = decoded(tensor.data, where);
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) {
    throw new ModelError(
      `${where} holds ${values.length} values but its shape [${tensor.shape.join(', ')}] needs ${size}`,
    );
  }
  return values;
}

function decoded(data: TensorDoc['data'], where: string): Float32Array {
  if (data instanceof Float32Array) return data;
  if (Array.isArray(data)) return Float32Array.from(data);
  const bytes = decodeBase64(data);
  if (typeof bytes === 'string') throw new ModelError(`${where} is not valid base64: ${bytes}`);
  return bytesToFloat32(bytes);
}
