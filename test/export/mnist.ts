import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const MNIST = new URL('../../resources/datasets/mnist/', import.meta.url);

/** The first `count` items of an IDX file: the header with the first dimension changed, then data. */
function idxHead(bytes: Uint8Array, count: number): Uint8Array {
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let itemSize = 1;
  for (let d = 1; d < rank; d++) itemSize *= view.getUint32(4 + 4 * d, false);
  const header = 4 + 4 * rank;
  const out = bytes.slice(0, header + count * itemSize);
  new DataView(out.buffer).setUint32(4, count, false);
  return out;
}

/**
 * A tiny MNIST in `dir`: the first `train` training and `test` test images with their labels,
 * the training files plain and the test files gzipped, as train.py must read both.
 */
export function writeMnistSubset(dir: string, train: number, test: number): void {
  for (const [prefix, count, zip] of [
    ['train', train, false],
    ['t10k', test, true],
  ] as const) {
    for (const kind of ['images-idx3-ubyte', 'labels-idx1-ubyte']) {
      const file = `${prefix}-${kind}`;
      const head = idxHead(gunzipSync(readFileSync(new URL(`${file}.gz`, MNIST))), count);
      writeFileSync(join(dir, zip ? `${file}.gz` : file), zip ? gzipSync(head) : head);
    }
  }
}
