// fitToDataset on small documents: what each step changes, exactly, and what it refuses.
import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  fitToDataset,
  inspectModel,
  ModelError,
  parseModel,
  Random,
  summarize,
  type EdgeDoc,
  type ModelDocument,
  type NodeDoc,
  type TensorDoc,
} from '../../src/engine/index';
import { allLayerDefs } from '../../src/engine/layers/registry';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_SHAPES, loadDataset } from '../../src/engine/datasets';

function doc(nodes: NodeDoc[], edges: EdgeDoc[], extra: Partial<ModelDocument> = {}) {
  return { format: 'cnn-studio/model', version: 1, nodes, edges, ...extra } as ModelDocument;
}

const chain = (...ids: string[]): EdgeDoc[] => ids.slice(1).map((to, i) => ({ from: ids[i], to }));
const input = (channels: number, side: number): NodeDoc => ({
  id: 'img',
  type: 'input',
  params: { channels, height: side, width: side },
});
const tensor = (shape: number[], data: number[]): TensorDoc => ({ shape, data });
const shapes = (d: ModelDocument) =>
  Object.fromEntries(summarize(parseModel(d)).map((s) => [s.id, s.outputShape]));
const paramsOf = (d: ModelDocument, id: string) => d.nodes.find((n) => n.id === id)?.params;
const target = (channels: number, side: number, classes: string[]) => ({
  channels,
  height: side,
  width: side,
  classes,
});

function seeded(count: number, seed: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => random.normal() * 0.5);
}

describe('fitToDataset', () => {
  it('sums an RGB stem into one channel and gives the classifier the class count, fresh', () => {
    const bias = tensor([2], [0.5, -0.5]);
    const rgb = doc(
      [
        input(3, 8),
        { id: 'c1', type: 'conv2d', params: { filters: 2, kernelSize: 1, activation: 'relu' } },
        { id: 'p1', type: 'maxpool2d' },
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 4 } },
      ],
      chain('img', 'c1', 'p1', 'fl', 'out'),
      {
        weights: {
          c1: { weight: tensor([2, 3, 1, 1], [1, 2, 3, -1, 0.5, 4]), bias },
          out: {
            weight: tensor([4, 32], seeded(128, 1)),
            bias: tensor([4], [0, 0, 0, 0]),
          },
        },
      },
    );
    const copy = structuredClone(rgb);
    const { document, changes } = fitToDataset(rgb, target(1, 8, ['a', 'b', 'c']));
    expect(changes).toEqual([
      'The input takes 1×8×8 images (it took 3×8×8).',
      '"c1" reads 1 channel (it read 3): its weights for the 3 channels are summed into one, so a grey image gives what it gave as 3 equal channels.',
      '"out" gives 3 class scores (it gave 4), with fresh weights.',
    ]);
    expect(shapes(document)).toEqual({
      img: [1, 8, 8],
      c1: [2, 8, 8],
      p1: [2, 4, 4],
      fl: [32],
      out: [3],
    });
    expect(paramsOf(document, 'img')).toEqual({ channels: 1, height: 8, width: 8 });
    expect(paramsOf(document, 'out')).toEqual({ units: 3 });
    expect(document.classes).toEqual(['a', 'b', 'c']);
    expect(document.weights).toEqual({
      c1: { weight: { shape: [2, 1, 1, 1], data: Float32Array.of(6, 3.5) }, bias },
    });
    expect(rgb).toEqual(copy);
  });

  it('a grey image gives the fitted stem what three equal channels gave the original', () => {
    const classes = Array.from({ length: 10 }, (_, i) => String(i));
    const rgb = doc(
      [
        input(3, 8),
        { id: 'c1', type: 'conv2d', params: { filters: 4, kernelSize: 3, padding: 1 } },
        { id: 'gap', type: 'globalavgpool' },
        { id: 'out', type: 'dense', params: { units: 10 } },
      ],
      chain('img', 'c1', 'gap', 'out'),
      {
        classes,
        weights: {
          c1: { weight: tensor([4, 3, 3, 3], seeded(108, 2)), bias: tensor([4], seeded(4, 3)) },
          out: { weight: tensor([10, 4], seeded(40, 4)), bias: tensor([10], seeded(10, 5)) },
        },
      },
    );
    const { document, changes } = fitToDataset(rgb, target(1, 8, classes));
    expect(changes).toHaveLength(2); // the input and c1; the classifier already gives 10 scores
    expect(document.weights?.out).toBe(rgb.weights?.out);
    const grey = Float32Array.from(seeded(64, 6));
    const asRgb = new Float32Array(3 * 64);
    for (let c = 0; c < 3; c++) asRgb.set(grey, c * 64);
    const before = createNetwork(parseModel(rgb), { kernels: 'reference' }).predict(asRgb, 1);
    const after = createNetwork(parseModel(document), { kernels: 'reference' }).predict(grey, 1);
    for (let i = 0; i < 10; i++) expect(after[i]).toBeCloseTo(before[i], 5);
  });

  it('a grouped reader becomes one group; a batch norm before a reader starts fresh; weights spread over two channels', () => {
    const grouped = doc(
      [
        input(3, 4),
        { id: 'dw', type: 'conv2d', params: { filters: 6, kernelSize: 1, groups: 3 } },
        { id: 'gap', type: 'globalavgpool' },
        { id: 'out', type: 'dense', params: { units: 2 } },
      ],
      chain('img', 'dw', 'gap', 'out'),
      { weights: { dw: { weight: tensor([6, 1, 1, 1], [1, 2, 3, 4, 5, 6]) } } },
    );
    const one = fitToDataset(grouped, target(1, 4, ['x', 'y']));
    expect(one.changes).toEqual([
      'The input takes 1×4×4 images (it took 3×4×4).',
      `"dw" reads 1 channel as one group (it read 3 in 3 groups): each filter's weights for the channels it read are summed into one, so a grey image gives what it gave as 3 equal channels.`,
    ]);
    expect(paramsOf(one.document, 'dw')).toEqual({ filters: 6, kernelSize: 1 });
    expect(one.document.weights?.dw.weight).toEqual({
      shape: [6, 1, 1, 1],
      data: Float32Array.of(1, 2, 3, 4, 5, 6),
    });

    const normed = doc(
      [
        input(3, 4),
        { id: 'bn', type: 'batchnorm' },
        { id: 'act', type: 'relu' },
        { id: 'c', type: 'conv2d', params: { filters: 1, kernelSize: 1 } },
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 2 } },
      ],
      chain('img', 'bn', 'act', 'c', 'fl', 'out'),
      {
        weights: {
          bn: { gamma: tensor([3], [1, 2, 3]), beta: tensor([3], [0, 0, 1]) },
          c: { weight: tensor([1, 3, 1, 1], [1, 2, 4]) },
        },
      },
    );
    const two = fitToDataset(normed, target(2, 4, ['x', 'y']));
    expect(two.changes).toEqual([
      'The input takes 2×4×4 images (it took 3×4×4).',
      '"c" reads 2 channels (it read 3): its weights for the 3 channels are summed and spread evenly over the 2, so an image whose channels are all equal gives what it gave before.',
      '"bn" starts from fresh weights: its input is 2×4×4, not 3×4×4.',
    ]);
    expect(two.document.weights).toEqual({
      c: { weight: { shape: [1, 2, 1, 1], data: Float32Array.of(3.5, 3.5) } },
    });
    expect(shapes(two.document)).toEqual({
      img: [2, 4, 4],
      bn: [2, 4, 4],
      act: [2, 4, 4],
      c: [1, 4, 4],
      fl: [16],
      out: [2],
    });
  });

  it('on smaller images, pads a kernel that no longer fits and shrinks a pool to its map; strides and weights stay', () => {
    const c2 = { weight: tensor([6, 4, 5, 5], seeded(600, 7)) };
    const out = { weight: tensor([10, 6], seeded(60, 8)) };
    const big = doc(
      [
        input(1, 32),
        {
          id: 'c1',
          type: 'conv2d',
          params: { filters: 4, kernelSize: 3, stride: 2, padding: 1, activation: 'relu' },
        },
        { id: 'p1', type: 'maxpool2d' },
        { id: 'c2', type: 'conv2d', params: { filters: 6, kernelSize: 5 } },
        { id: 'p2', type: 'maxpool2d', params: { poolSize: 3 } },
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 10 } },
      ],
      chain('img', 'c1', 'p1', 'c2', 'p2', 'fl', 'out'),
      { weights: { c2, out } },
    );
    expect(shapes(big)).toEqual({
      img: [1, 32, 32],
      c1: [4, 16, 16],
      p1: [4, 8, 8],
      c2: [6, 4, 4],
      p2: [6, 1, 1],
      fl: [6],
      out: [10],
    });
    const { document, changes } = fitToDataset(big, DATASET_SHAPES.digits);
    expect(changes).toEqual([
      'The input takes 1×8×8 images (it took 1×32×32).',
      '"c2" pads by 2 (it padded 0), so its 5×5 kernel fits the 2×2 map it now gets.',
      '"p2" pools 2×2 windows (it pooled 3×3): the whole 2×2 map it now gets.',
    ]);
    expect(shapes(document)).toEqual({
      img: [1, 8, 8],
      c1: [4, 4, 4],
      p1: [4, 2, 2],
      c2: [6, 2, 2],
      p2: [6, 1, 1],
      fl: [6],
      out: [10],
    });
    expect(paramsOf(document, 'c1')).toEqual(paramsOf(big, 'c1'));
    expect(paramsOf(document, 'c2')).toEqual({ filters: 6, kernelSize: 5, padding: 2 });
    expect(paramsOf(document, 'p2')).toEqual({ poolSize: 2 });
    expect(document.weights).toEqual({ c2, out });
    expect(document.classes).toEqual(DATASET_SHAPES.digits.classes);
  });

  it('a 1×1 convolution that gives the classes before global pooling (SqueezeNet) is the classifier', () => {
    const squeeze = doc(
      [
        input(3, 16),
        { id: 'c', type: 'conv2d', params: { filters: 8, kernelSize: 3 } },
        { id: 'cls', type: 'conv2d', params: { filters: 1000, kernelSize: 1, activation: 'relu' } },
        { id: 'gap', type: 'globalavgpool' },
      ],
      chain('img', 'c', 'cls', 'gap'),
    );
    const { document, changes } = fitToDataset(squeeze, DATASET_SHAPES.mnist);
    expect(changes).toEqual([
      'The input takes 1×28×28 images (it took 3×16×16).',
      '"c" reads 1 channel (it read 3).',
      '"cls" gives 10 class scores (it gave 1000).',
    ]);
    expect(paramsOf(document, 'cls')).toEqual({ filters: 10, kernelSize: 1, activation: 'relu' });
    expect(shapes(document)).toEqual({
      img: [1, 28, 28],
      c: [8, 26, 26],
      cls: [10, 26, 26],
      gap: [10],
    });
  });

  it('a classifier that keeps its class count but reads more features starts fresh, and says so', () => {
    const mlp = doc(
      [
        input(1, 16),
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 10 } },
      ],
      chain('img', 'fl', 'out'),
      { weights: { out: { weight: tensor([10, 256], seeded(2560, 9)) } } },
    );
    const { document, changes } = fitToDataset(mlp, DATASET_SHAPES.mnist);
    expect(changes).toEqual([
      'The input takes 1×28×28 images (it took 1×16×16).',
      '"out" starts from fresh weights: its input is 784 features, not 256 features.',
    ]);
    expect(document.weights).toBeUndefined();
  });

  it('a model that already fits comes back as it was', () => {
    const fits = doc(
      [
        input(1, 28),
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 10 } },
      ],
      chain('img', 'fl', 'out'),
      { classes: [...DATASET_SHAPES.mnist.classes] },
    );
    expect(fitToDataset(fits, DATASET_SHAPES.mnist)).toEqual({ document: fits, changes: [] });
    expect(fitToDataset(fits, DATASET_SHAPES.mnist).document).toBe(fits);
  });

  it('refuses, in words, a model with problems, one without a classifier, and branches that stop matching', () => {
    const refusal = (d: ModelDocument, size = 4) => {
      try {
        fitToDataset(d, target(1, size, ['x', 'y']));
      } catch (error) {
        expect(error).toBeInstanceOf(ModelError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const unflattened = doc(
      [input(1, 4), { id: 'out', type: 'dense', params: { units: 2 } }],
      chain('img', 'out'),
    );
    expect(refusal(unflattened)).toMatch(
      /^The model has 1 problem to fix before it can be fitted to a dataset; the first: node "out" \(dense\): /,
    );
    const branches = (extra: NodeDoc[], edges: EdgeDoc[]) =>
      doc(
        [
          input(1, 4),
          { id: 'a', type: 'maxpool2d', params: { poolSize: 3, stride: 1 } },
          { id: 'b', type: 'conv2d', params: { filters: 1, kernelSize: 3 } },
          { id: 'sum', type: 'add' },
          ...extra,
        ],
        [...chain('img', 'a', 'sum'), ...chain('img', 'b', 'sum'), ...edges],
      );
    expect(refusal(branches([], []))).toBe(
      'No layer gives the class scores: the output "sum" is not a dense or conv2d layer, nor follows one through activations, dropout, normalisation, global pooling or flatten only',
    );
    const mismatched = branches(
      [
        { id: 'fl', type: 'flatten' },
        { id: 'out', type: 'dense', params: { units: 2 } },
      ],
      chain('sum', 'fl', 'out'),
    );
    // "a" shrinks to its 2×2 map and gives 1×1; "b" is padded and keeps 2×2.
    expect(refusal(mismatched, 2)).toBe(
      'node "sum" (add) does not fit the smaller input: add needs inputs of one shape, but "a" gives 1×1×1, "b" gives 1×2×2',
    );
  });
});

describe('what each layer type passes on, which the fit reads from the layer registry', () => {
  const defs = allLayerDefs();

  it('every registered layer type says whether it keeps channels and class scores', () => {
    for (const def of defs) {
      expect(typeof def.keepsChannels, def.type).toBe('boolean');
      expect(typeof def.keepsClasses, def.type).toBe('boolean');
    }
  });

  it('a reader behind any layer that keeps channels is fitted to the grey input', () => {
    const keeping = defs.filter((d) => d.keepsChannels);
    expect(keeping.length).toBeGreaterThan(0);
    for (const { type } of keeping) {
      const rgb = doc(
        [
          input(3, 8),
          { id: 'x', type },
          { id: 'c', type: 'conv2d', params: { filters: 2, kernelSize: 1 } },
          { id: 'g', type: 'globalavgpool' },
          { id: 'out', type: 'dense', params: { units: 4 } },
        ],
        chain('img', 'x', 'c', 'g', 'out'),
      );
      const fitted = fitToDataset(rgb, target(1, 8, ['a', 'b', 'c', 'd']));
      expect(fitted.changes, type).toContain('"c" reads 1 channel (it read 3).');
    }
  });

  it('the classifier is found behind any layer that keeps class scores', () => {
    const keeping = defs.filter((d) => d.keepsClasses);
    expect(keeping.length).toBeGreaterThan(0);
    for (const { type } of keeping) {
      // Five class scores, flat from a dense layer or as 5×1×1 maps from a convolution: each
      // layer is tried behind those it takes.
      const flat = doc(
        [
          input(1, 4),
          { id: 'fl', type: 'flatten' },
          { id: 'cls', type: 'dense', params: { units: 5 } },
          { id: 'x', type },
        ],
        chain('img', 'fl', 'cls', 'x'),
      );
      const maps = doc(
        [
          input(1, 4),
          { id: 'cls', type: 'conv2d', params: { filters: 5, kernelSize: 4 } },
          { id: 'x', type },
          { id: 'fl', type: 'flatten' },
        ],
        chain('img', 'cls', 'x', 'fl'),
      );
      const taken = [flat, maps].filter((d) => inspectModel(d).valid);
      expect(taken.length, type).toBeGreaterThan(0);
      for (const five of taken) {
        const fitted = fitToDataset(five, target(1, 4, ['a', 'b', 'c']));
        expect(fitted.changes, type).toEqual(['"cls" gives 3 class scores (it gave 5).']);
      }
    }
  });
});

describe('the bundled datasets, as a model sees them', () => {
  const read = (file: string) =>
    readFile(join(import.meta.dirname, '../../resources/datasets', file));

  // MNIST's loader is the slow one (70,000 images); digits and shapes are loaded as training loads
  // them, and what a model is fitted to must be what they give.
  for (const name of ['digits', 'shapes'] as const) {
    it(`${name}: the loaded images and labels are DATASET_SHAPES.${name}`, async () => {
      const loaded = await loadDataset(name, read);
      const { channels, height, width, classes } = loaded;
      expect({ channels, height, width, classes }).toEqual(DATASET_SHAPES[name]);
      const splits = [loaded.train, loaded.validation, loaded.test];
      for (const split of splits) {
        expect(split.images.length).toBe(split.count * channels * height * width);
      }
      const labels = new Set(splits.flatMap((split) => [...split.labels]));
      expect([...labels].sort((a, b) => a - b)).toEqual(classes.map((_, i) => i));
    });
  }

  it('MNIST is 1×28×28 with the ten digits', () => {
    expect(DATASET_SHAPES.mnist).toEqual({
      channels: 1,
      height: 28,
      width: 28,
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    });
  });
});
