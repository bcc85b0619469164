import { gunzipSync, gzipSync } from 'node:zlib';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DatasetError,
  generateShapes,
  loadDataset,
  parseDigitsCsv,
  parseIdx,
  SCALE,
  standardization,
  writeBatch,
  type ReadFile,
  type Split,
} from '../../src/engine/datasets';

const bundled = join(import.meta.dirname, '..', '..', 'resources', 'datasets');
const readFrom =
  (root: string): ReadFile =>
  async (relativePath) =>
    new Uint8Array(await readFile(join(root, relativePath)));

/** An IDX header (magic, then each dimension as a big-endian uint32) followed by the data. */
function idx(dims: number[], data: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

function expectDatasetError(error: unknown, file: string, text: RegExp): void {
  expect(error).toBeInstanceOf(DatasetError);
  expect((error as DatasetError).file).toBe(file);
  expect((error as DatasetError).message).toContain(file);
  expect((error as DatasetError).message).toMatch(text);
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseIdx', () => {
  it('reads the dimensions and the data of a small file', () => {
    const parsed = parseIdx(idx([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'tiny');
    expect(parsed.dims).toEqual([2, 2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads a one-dimensional file with large dimensions (big-endian)', () => {
    const parsed = parseIdx(idx([258], new Array(258).fill(7)), 'labels');
    expect(parsed.dims).toEqual([258]);
    expect(parsed.data.length).toBe(258);
  });

  it('names the file for a bad magic number', () => {
    const gzipped = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]);
    expectDatasetError(
      catchError(() => parseIdx(gzipped, 'a.idx')),
      'a.idx',
      /not an IDX file/,
    );
  });

  it('names the file for an unsupported data type', () => {
    const floats = idx([1], [0]);
    floats[2] = 0x0d;
    expectDatasetError(
      catchError(() => parseIdx(floats, 'f.idx')),
      'f.idx',
      /data type 0x0d/,
    );
  });

  it('names the file for a truncated header or data', () => {
    expectDatasetError(
      catchError(() => parseIdx(new Uint8Array([0, 0]), 'b')),
      'b',
      /too short/,
    );
    const header = idx([5, 5], []).subarray(0, 8);
    expectDatasetError(
      catchError(() => parseIdx(header, 'c')),
      'c',
      /2 dimensions/,
    );
    const truncated = idx([2, 3], [1, 2, 3, 4, 5]);
    expectDatasetError(
      catchError(() => parseIdx(truncated, 'd')),
      'd',
      /need 6 data bytes.*has 5/,
    );
    const long = idx([2], [1, 2, 3]);
    expectDatasetError(
      catchError(() => parseIdx(long, 'e')),
      'e',
      /need 2 data bytes.*has 3/,
    );
  });
});

describe('parseDigitsCsv', () => {
  const row = (label: number, pixel = 16) => [...new Array(64).fill(pixel), label].join(',');

  it('scales 0..16 to 0..255 and reads the label', () => {
    const parsed = parseDigitsCsv(`${row(3, 16)}\r\n${row(9, 8)}\n`, 'x.csv');
    expect(parsed.count).toBe(2);
    expect(Array.from(parsed.labels)).toEqual([3, 9]);
    expect(parsed.images[0]).toBe(255);
    expect(parsed.images[64]).toBe(128);
  });

  it('names the file and line of a bad row', () => {
    const error = catchError(() => parseDigitsCsv(`${row(1)}\n${row(1, 17)}`, 'x.csv'));
    expectDatasetError(error, 'x.csv', /line 2: value 1 is "17"/);
    expectDatasetError(
      catchError(() => parseDigitsCsv('1,2,3', 'y.csv')),
      'y.csv',
      /65 values/,
    );
  });
});

describe('bundled MNIST', () => {
  it('loads 55,000 / 5,000 / 10,000 images with their labels', async () => {
    const mnist = await loadDataset('mnist', readFrom(bundled));
    expect([mnist.height, mnist.width, mnist.channels]).toEqual([28, 28, 1]);
    expect(mnist.classes).toHaveLength(10);
    expect(mnist.train.count + mnist.validation.count).toBe(60_000);
    expect([mnist.train.count, mnist.validation.count, mnist.test.count]).toEqual([
      55_000, 5_000, 10_000,
    ]);
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.test.labels[0]).toBe(7);
    for (const split of [mnist.train, mnist.validation, mnist.test]) {
      expect(split.images.length).toBe(split.count * 784);
      expect(split.labels.length).toBe(split.count);
      // Each split owns its buffer, so it can be transferred on its own.
      expect(split.images.byteLength).toBe(split.images.buffer.byteLength);
    }
  });

  it('takes the validation split from the end of the training file', async () => {
    const whole = await loadDataset('mnist', readFrom(bundled), { mnist: { validation: 0 } });
    const held = await loadDataset('mnist', readFrom(bundled), { mnist: { validation: 1000 } });
    expect([whole.train.count, whole.validation.count]).toEqual([60_000, 0]);
    expect([held.train.count, held.validation.count]).toEqual([59_000, 1000]);
    expect(held.validation.labels).toEqual(whole.train.labels.subarray(59_000));
    await expect(
      loadDataset('mnist', readFrom(bundled), { mnist: { validation: 60_000 } }),
    ).rejects.toThrow(RangeError);
  });
});

describe('bundled digits', () => {
  it('loads 1,797 8×8 images split 1,257 / 180 / 360 with labels 0..9', async () => {
    const digits = await loadDataset('digits', readFrom(bundled));
    expect([digits.height, digits.width]).toEqual([8, 8]);
    const splits = [digits.train, digits.validation, digits.test];
    expect(splits.map((s) => s.count)).toEqual([1257, 180, 360]);
    const labels = splits.flatMap((s) => Array.from(s.labels));
    expect(new Set(labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const pixels = splits.flatMap((s) => Array.from(s.images));
    expect(pixels).toHaveLength(1797 * 64);
    expect(Math.min(...pixels)).toBe(0);
    expect(Math.max(...pixels)).toBe(255);
  });

  it('splits the same way every time', async () => {
    const a = await loadDataset('digits', readFrom(bundled));
    const b = await loadDataset('digits', readFrom(bundled));
    expect(a.test.images).toEqual(b.test.images);
    expect(a.train.labels).toEqual(b.train.labels);
  });
});

describe('shapes', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = generateShapes({ seed: 42, count: 64 });
    const b = generateShapes({ seed: 42, count: 64 });
    const c = generateShapes({ seed: 43, count: 64 });
    expect(a.images.length).toBe(64 * 16 * 16);
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(a.images).not.toEqual(c.images);
  });

  it('balances the four classes and honours the size', () => {
    const set = generateShapes({ seed: 1, count: 40, size: 12 });
    expect(set.images.length).toBe(40 * 144);
    const counts = [0, 0, 0, 0];
    for (const label of set.labels) counts[label]++;
    expect(counts).toEqual([10, 10, 10, 10]);
    expect(() => generateShapes({ seed: 1, count: 1, size: 4 })).toThrow(RangeError);
  });

  it('draws a vertical bar as a bright column and a horizontal one as a bright row', () => {
    const size = 16;
    const set = generateShapes({ seed: 7, count: 2, size });
    const bright = (image: number, x: number, y: number) =>
      set.images[(image * size + y) * size + x] > 100;
    // The longest bright run along any column (vertical) or row (horizontal) of an image.
    const longestLine = (image: number, vertical: boolean) => {
      let best = 0;
      for (let line = 0; line < size; line++) {
        let run = 0;
        for (let i = 0; i < size; i++) {
          run = (vertical ? bright(image, line, i) : bright(image, i, line)) ? run + 1 : 0;
          best = Math.max(best, run);
        }
      }
      return best;
    };
    expect(longestLine(0, true)).toBeGreaterThanOrEqual(size / 2);
    expect(longestLine(0, false)).toBeLessThanOrEqual(2);
    expect(longestLine(1, false)).toBeGreaterThanOrEqual(size / 2);
    expect(longestLine(1, true)).toBeLessThanOrEqual(2);
  });

  it('loads as a dataset with independent splits', async () => {
    const unused: ReadFile = () => Promise.reject(new Error('shapes read no files'));
    const shapes = await loadDataset('shapes', unused, {
      shapes: { train: 100, validation: 20, test: 30, size: 10 },
    });
    expect(shapes.classes).toEqual(['vertical bar', 'horizontal bar', 'square', 'cross']);
    expect([shapes.train.count, shapes.validation.count, shapes.test.count]).toEqual([100, 20, 30]);
    expect(shapes.height).toBe(10);
    const bigger = await loadDataset('shapes', unused, {
      shapes: { train: 200, validation: 20, test: 30, size: 10 },
    });
    expect(bigger.test.images).toEqual(shapes.test.images);
  });
});

describe('normalisation', () => {
  const split: Split = {
    images: new Uint8Array([0, 51, 255, 102, 204, 255]),
    labels: new Uint8Array([0, 1, 2]),
    count: 3,
  };

  it('writes (x/255 − mean)/std in NCHW order of the given indices', () => {
    const out = new Float32Array(5).fill(-9);
    writeBatch(split, { kind: 'standardize', mean: 0.5, std: 0.25 }, [2, 0], 0, 2, out);
    expect(Array.from(out)).toEqual([
      Math.fround((204 / 255 - 0.5) / 0.25),
      2,
      -2,
      Math.fround((51 / 255 - 0.5) / 0.25),
      -9,
    ]);
    writeBatch(split, SCALE, [0, 1, 2], 1, 1, out);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, Math.fround(0.4)]);
  });

  it('computes the mean and standard deviation of the training pixels', () => {
    const twoLevels: Split = {
      images: new Uint8Array([0, 255, 0, 255]),
      labels: new Uint8Array(2),
      count: 2,
    };
    expect(standardization(twoLevels)).toEqual({ kind: 'standardize', mean: 0.5, std: 0.5 });
  });

  it('refuses a batch that does not fit or an index outside the split', () => {
    expect(() => writeBatch(split, SCALE, [0, 1], 0, 2, new Float32Array(3))).toThrow(RangeError);
    expect(() => writeBatch(split, SCALE, [3], 0, 1, new Float32Array(2))).toThrow(RangeError);
  });
});

describe('damaged or missing files', () => {
  let copy: string;

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'cnn-studio-datasets-'));
  });

  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  // Serves the bundled files, except those redirected to a path in the temporary folder.
  const readWith =
    (redirects: Record<string, string>): ReadFile =>
    async (relativePath) =>
      new Uint8Array(await readFile(redirects[relativePath] ?? join(bundled, relativePath)));

  it('reports a flipped byte, naming the file and how to restore it', async () => {
    const damaged = join(copy, 'digits.csv.gz');
    await copyFile(join(bundled, 'digits/digits.csv.gz'), damaged);
    const bytes = await readFile(damaged);
    bytes[1000] ^= 0xff;
    await writeFile(damaged, bytes);
    const error = await loadDataset('digits', readWith({ 'digits/digits.csv.gz': damaged })).catch(
      (e: unknown) => e,
    );
    expectDatasetError(error, 'digits/digits.csv.gz', /damaged.*npm run datasets/s);
  });

  it('reports content that decompresses but differs from the manifest', async () => {
    const altered = join(copy, 'altered.csv.gz');
    const text = gunzipSync(await readFile(join(bundled, 'digits/digits.csv.gz')));
    text[1000] = text[1000] === 0x30 ? 0x31 : 0x30;
    await writeFile(altered, gzipSync(text));
    const error = await loadDataset('digits', readWith({ 'digits/digits.csv.gz': altered })).catch(
      (e: unknown) => e,
    );
    expectDatasetError(error, 'digits/digits.csv.gz', /damaged.*SHA-256.*npm run datasets/s);
  });

  it('stops decompressing a gzip bomb at the size the manifest lists, and says so', async () => {
    // 256 MiB of zeros in 256 KB: read in full it would take 256 MiB, and as much again joined.
    const bomb = join(copy, 'bomb.csv.gz');
    await writeFile(bomb, gzipSync(new Uint8Array(256 * 2 ** 20), { level: 1 }));
    const manifest = JSON.parse(await readFile(join(bundled, 'manifest.json'), 'utf8'));
    const listed: number = manifest.files['digits/digits.csv.gz'].bytes;
    // Counts what the decompressor hands out, through a stream that holds a chunk at most.
    let inflated = 0;
    const Native = globalThis.DecompressionStream;
    vi.stubGlobal(
      'DecompressionStream',
      class {
        readonly writable: WritableStream<BufferSource>;
        readonly readable: ReadableStream<Uint8Array>;
        constructor(format: CompressionFormat) {
          const inner = new Native(format);
          this.writable = inner.writable;
          this.readable = inner.readable.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                inflated += chunk.length;
                controller.enqueue(chunk);
              },
            }),
          );
        }
      },
    );
    try {
      const error = await loadDataset('digits', readWith({ 'digits/digits.csv.gz': bomb })).catch(
        (e: unknown) => e,
      );
      expectDatasetError(
        error,
        'digits/digits.csv.gz',
        new RegExp(
          `^digits/digits\\.csv\\.gz is damaged: it decompresses to more than the ${listed} bytes manifest\\.json lists, so it was not read to its end\\. Restore it`,
        ),
      );
    } finally {
      vi.unstubAllGlobals();
    }
    expect(inflated).toBeGreaterThan(listed);
    expect(inflated).toBeLessThan(listed + 2 ** 20);
  });

  it('reports a missing file, naming it and how to restore it', async () => {
    const error = await loadDataset(
      'mnist',
      readWith({ 'mnist/t10k-labels-idx1-ubyte.gz': join(copy, 'absent.gz') }),
    ).catch((e: unknown) => e);
    expectDatasetError(
      error,
      'mnist/t10k-labels-idx1-ubyte.gz',
      /missing.*npm run datasets.*reinstall/,
    );
  });

  it('reports a missing manifest', async () => {
    const error = await loadDataset(
      'digits',
      readWith({ 'manifest.json': join(copy, 'absent.json') }),
    ).catch((e: unknown) => e);
    expectDatasetError(error, 'manifest.json', /missing/);
  });
});
