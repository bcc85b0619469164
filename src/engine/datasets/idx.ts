import { DatasetError } from './errors';

/** An IDX array (the MNIST file format): its dimensions, outermost first, and its bytes. */
export interface IdxArray {
  dims: number[];
  /** A view into the parsed buffer, product(dims) bytes long. */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Parses an uncompressed IDX file: two zero bytes, the data type (only 0x08, unsigned byte, is
 * supported), the number of dimensions, each dimension as a big-endian uint32, then the data.
 * `file` is used only to name the file in errors.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const fail = (problem: string): never => {
    throw new DatasetError(file, `${file}: ${problem}`);
  };
  if (bytes.length < 4) fail(`too short for an IDX file (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[3] === 0) {
    fail(`not an IDX file (magic 0x${hex(bytes)}, expected 0x0000 then type and dimension count)`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    fail(
      `unsupported IDX data type 0x${bytes[2].toString(16).padStart(2, '0')} (only 0x08, unsigned byte)`,
    );
  }
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    fail(`IDX header declares ${rank} dimensions but the file has only ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, header);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - header;
  if (actual !== expected) {
    fail(`IDX dimensions ${dims.join('×')} need ${expected} data bytes but the file has ${actual}`);
  }
  return { dims, data: bytes.subarray(header) };
}
