import { ImportError } from '../errors';

// How large an ONNX file can be, checked before it is read (main checks a chosen file so too).

/** Protobuf messages are limited to 2 GB; bigger models keep their weights in external files. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

const formatSize = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;

/** Refuses a file of `byteLength` bytes before it is read, when no ONNX model is that size. */
export function checkOnnxSize(byteLength: number): void {
  if (byteLength > MAX_ONNX_BYTES) {
    throw new ImportError(
      `The file is ${formatSize(byteLength)}: an ONNX file holds at most 2 GB (protobuf's limit), and a larger model keeps its weights in external data, which cannot be imported.`,
    );
  }
  if (byteLength === 0) throw new ImportError('The file is empty: it is not an ONNX model.');
}
