import { decodeAscii } from './ascii';
import { gatherSplit, sliceSplit, type Dataset, type DatasetName, type Split } from './dataset';
import { DIGITS_SIDE, parseDigitsCsv } from './digitsCsv';
import { DatasetError } from './errors';
import { gunzip } from './host';
import { parseIdx } from './idx';
import {
  MANIFEST_FILE,
  manifestEntry,
  parseManifest,
  RESTORE_HINT,
  verifyFile,
  type Manifest,
} from './manifest';
import { mulberry32, permutation, randomSeed } from './prng';
import { generateShapes, SHAPE_CLASSES } from './shapes';
import { DIGIT_CLASSES, MNIST_SIDE, SHAPES_SIDE } from './bundled';

/**
 * Reads a file given its path relative to the datasets folder (`resources/datasets` in a source
 * checkout), e.g. `mnist/train-images-idx3-ubyte.gz`. Each host supplies its own: node:fs in the
 * Electron main process and the CLI, fetch in the web edition.
 */
export type ReadFile = (relativePath: string) => Promise<Uint8Array>;

export interface LoadOptions {
  mnist?: {
    /** How many of the 60,000 training images, taken from the end, are held out (default 5,000). */
    validation?: number;
  };
  digits?: {
    /** Sizes of the held-out splits (defaults 180 and 360; the other 1,257 images train). */
    validation?: number;
    test?: number;
    /** Seed of the fixed shuffle that assigns images to splits. */
    seed?: number;
  };
  shapes?: {
    /** Image side in pixels (default 16). */
    size?: number;
    /** Split sizes (defaults 4,000, 500 and 1,000). */
    train?: number;
    validation?: number;
    test?: number;
    seed?: number;
  };
}

const DIGITS_SPLIT_SEED = 20240601;

/** Loads a bundled dataset (or generates the synthetic one), checking every file it reads. */
export async function loadDataset(
  name: DatasetName,
  read: ReadFile,
  options: LoadOptions = {},
): Promise<Dataset> {
  switch (name) {
    case 'mnist':
      return loadMnist(read, options.mnist?.validation ?? 5000);
    case 'digits':
      return loadDigits(read, options.digits ?? {});
    case 'shapes':
      return makeShapes(options.shapes ?? {});
  }
}

async function readFile(read: ReadFile, file: string): Promise<Uint8Array> {
  try {
    return await read(file);
  } catch (error) {
    throw new DatasetError(file, `${file} is missing or unreadable. ${RESTORE_HINT}`, {
      cause: error,
    });
  }
}

async function readManifest(read: ReadFile): Promise<Manifest> {
  return parseManifest(await readFile(read, MANIFEST_FILE));
}

/**
 * Reads a .gz file, decompresses it and checks its content against the manifest. Decompression
 * stops past the manifest's size, so a damaged or hostile file never inflates beyond it.
 */
async function readChecked(read: ReadFile, manifest: Manifest, file: string): Promise<Uint8Array> {
  const { bytes } = manifestEntry(manifest, file);
  const stored = await readFile(read, file);
  let content: Uint8Array | null;
  try {
    content = await gunzip(stored, bytes);
  } catch (error) {
    throw new DatasetError(
      file,
      `${file} is damaged: it could not be decompressed. ${RESTORE_HINT}`,
      {
        cause: error,
      },
    );
  }
  if (content === null) {
    throw new DatasetError(
      file,
      `${file} is damaged: it decompresses to more than the ${bytes} bytes ${MANIFEST_FILE} lists, so it was not read to its end. ${RESTORE_HINT}`,
    );
  }
  await verifyFile(manifest, file, content);
  return content;
}

function checkCount(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} must be an integer 0..${max}, got ${value}`);
  }
}

/** Decodes a pair of IDX files into one split, checking they describe the same images. */
async function readMnistPair(
  read: ReadFile,
  manifest: Manifest,
  prefix: 'train' | 't10k',
): Promise<Split> {
  const imagesFile = `mnist/${prefix}-images-idx3-ubyte.gz`;
  const labelsFile = `mnist/${prefix}-labels-idx1-ubyte.gz`;
  const [imageBytes, labelBytes] = await Promise.all([
    readChecked(read, manifest, imagesFile),
    readChecked(read, manifest, labelsFile),
  ]);
  const images = parseIdx(imageBytes, imagesFile);
  const labels = parseIdx(labelBytes, labelsFile);
  const [count, height, width] = images.dims;
  if (images.dims.length !== 3 || height !== MNIST_SIDE || width !== MNIST_SIDE) {
    throw new DatasetError(
      imagesFile,
      `${imagesFile}: expected N×28×28 images, found ${images.dims.join('×')}`,
    );
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new DatasetError(
      labelsFile,
      `${labelsFile}: expected ${count} labels, found ${labels.dims.join('×')}`,
    );
  }
  return { images: images.data, labels: labels.data, count };
}

async function loadMnist(read: ReadFile, validation: number): Promise<Dataset> {
  const manifest = await readManifest(read);
  const [all, test] = await Promise.all([
    readMnistPair(read, manifest, 'train'),
    readMnistPair(read, manifest, 't10k'),
  ]);
  checkCount('mnist validation', validation, all.count - 1);
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const trainCount = all.count - validation;
  return {
    name: 'mnist',
    classes: [...DIGIT_CLASSES],
    channels: 1,
    height: MNIST_SIDE,
    width: MNIST_SIDE,
    // Copies, so each split owns a tight buffer and the decompressed files can be freed.
    train: sliceSplit(all, pixels, 0, trainCount),
    validation: sliceSplit(all, pixels, trainCount, all.count),
    test: sliceSplit(test, pixels, 0, test.count),
  };
}

async function loadDigits(
  read: ReadFile,
  options: NonNullable<LoadOptions['digits']>,
): Promise<Dataset> {
  const file = 'digits/digits.csv.gz';
  const manifest = await readManifest(read);
  const all = parseDigitsCsv(decodeAscii(await readChecked(read, manifest, file), file), file);
  const { validation = 180, test = 360, seed = DIGITS_SPLIT_SEED } = options;
  checkCount('digits validation', validation, all.count - 1);
  checkCount('digits test', test, all.count - 1 - validation);
  const order = permutation(all.count, mulberry32(seed));
  const trainEnd = all.count - validation - test;
  const pixels = DIGITS_SIDE * DIGITS_SIDE;
  return {
    name: 'digits',
    classes: [...DIGIT_CLASSES],
    channels: 1,
    height: DIGITS_SIDE,
    width: DIGITS_SIDE,
    train: gatherSplit(all, pixels, order.subarray(0, trainEnd)),
    validation: gatherSplit(all, pixels, order.subarray(trainEnd, trainEnd + validation)),
    test: gatherSplit(all, pixels, order.subarray(trainEnd + validation)),
  };
}

function makeShapes(options: NonNullable<LoadOptions['shapes']>): Dataset {
  const { size = SHAPES_SIDE, train = 4000, validation = 500, test = 1000, seed = 1 } = options;
  // One independent generator per split, so resizing one split leaves the others unchanged.
  const seeds = mulberry32(seed);
  const [trainSeed, validationSeed, testSeed] = [
    randomSeed(seeds),
    randomSeed(seeds),
    randomSeed(seeds),
  ];
  return {
    name: 'shapes',
    classes: [...SHAPE_CLASSES],
    channels: 1,
    height: size,
    width: size,
    train: generateShapes({ seed: trainSeed, count: train, size }),
    validation: generateShapes({ seed: validationSeed, count: validation, size }),
    test: generateShapes({ seed: testSeed, count: test, size }),
  };
}
