// "Fit to dataset" on real outside models: every torchvision classifier the import tests export
// (3×224×224, 1000 classes) fits MNIST (1×28×28, 10 classes), is valid, and trains: a few steps on
// one small batch of digits with finite losses that fall.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  createOptimizer,
  fitToDataset,
  importOnnxModel,
  inspectModel,
  parseModel,
  summarize,
} from '../../src/engine/index';
import {
  DATASET_SHAPES,
  loadDataset,
  SCALE,
  writeBatch,
  type Dataset,
} from '../../src/engine/datasets';
import {
  PUBLISHED_GMACS,
  torchvisionModels,
  torchvisionPython,
  type TorchvisionModels,
} from './torchvisionModels';

const python = torchvisionPython();
if (python === null)
  console.log(
    'torchvision fit test skipped: no python3 with torch and torchvision (python3-torchvision)',
  );

const ROOT = resolve(import.meta.dirname, '../..');
const BATCH = 8;
const STEPS = 4;
const measured: string[] = [];
let built: TorchvisionModels;
let mnist: Dataset;

describe.skipIf(python === null)('torchvision models fitted to MNIST', () => {
  beforeAll(async () => {
    built = torchvisionModels(python!);
    mnist = await loadDataset('mnist', (file) =>
      readFile(join(ROOT, 'resources', 'datasets', file)),
    );
  }, 900_000);

  afterAll(() => {
    if (measured.length > 0) console.log(`fitted to MNIST:\n${measured.join('\n')}`);
  });

  for (const name of Object.keys(PUBLISHED_GMACS)) {
    it(`${name}: fits 1×28×28 and 10 classes, is valid, and ${STEPS} training steps on ${BATCH} digits give finite, falling losses`, () => {
      expect(built.models).toContain(name);
      const { document } = importOnnxModel(readFileSync(join(built.dir, `${name}.onnx`)), {
        name,
      });
      const { document: fitted, changes } = fitToDataset(document, DATASET_SHAPES.mnist);
      expect(changes[0]).toBe('The input takes 1×28×28 images (it took 3×224×224).');
      expect(changes.some((c) => c.includes('gives 10 class scores (it gave 1000)'))).toBe(true);
      expect(inspectModel(fitted).problems).toEqual([]);
      const spec = parseModel(fitted);
      const summary = summarize(spec);
      expect(summary.filter((s) => s.error)).toEqual([]);
      expect(summary[0].outputShape).toEqual([1, 28, 28]);
      expect(summary.at(-1)!.outputShape).toEqual([10]);

      // The same batch each step: what one batch teaches, the loss on it shows at once. At a
      // fine-tuning rate: the exporter folded the batch norms into the convolutions, and without
      // them these deep networks overshoot at Adam's usual 1e-3 (ResNet-18's loss goes 3.2 → 9.1).
      const network = createNetwork(spec, { seed: 1 });
      const optimizer = createOptimizer('adam', network.parameters.length, {
        learningRate: 1e-4,
      });
      const order = Array.from({ length: BATCH }, (_, i) => i);
      const x = new Float32Array(BATCH * network.inputSize);
      writeBatch(mnist.train, SCALE, order, 0, BATCH, x);
      const labels = mnist.train.labels.subarray(0, BATCH);
      const losses: number[] = [];
      for (let step = 0; step < STEPS; step++) {
        losses.push(network.computeGradients(x, labels, BATCH).loss);
        optimizer.update(network.parameters, network.gradients);
      }
      const macs = summary.reduce((sum, s) => sum + s.macs, 0);
      measured.push(
        `  ${name}: ${changes.length} changes, ${(network.parameters.length / 1e6).toFixed(2)} M parameters, ${(macs / 1e6).toFixed(1)} M MACs; losses ${losses.map((l) => l.toFixed(3)).join(', ')}`,
      );
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0]);
    }, 300_000);
  }
});
