import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, standardization, type Dataset } from '../../src/engine/datasets';
import { createNetwork, createOptimizer, parseModel } from '../../src/engine/index';
import { Trainer, resolveSettings, type TrainingSettingsValues } from '../../src/engine/train';
import { DIVERGENCE_LIMITS } from '../../src/engine/train/defaults';
import { LossWatch, type LossVerdict } from '../../src/engine/train/divergence';

// The divergence rules on loss sequences (real ones recorded from runs, and edge cases), and on
// real short runs of the templates, which they must never stop.

const root = join(import.meta.dirname, '..', '..');

/** The verdicts on `losses`, up to and including the first that says the run diverged. */
function watch(losses: number[], classes = 10): LossVerdict[] {
  const lossWatch = new LossWatch(classes);
  const verdicts: LossVerdict[] = [];
  for (const loss of losses) {
    const verdict = lossWatch.observe(loss);
    verdicts.push(verdict);
    if (verdict.diverged) break;
  }
  return verdicts;
}

describe('LossWatch', () => {
  it('keeps its thresholds in the training defaults', () => {
    expect(DIVERGENCE_LIMITS).toEqual({
      explosion: { steps: 10, factor: 10 },
      climb: { steps: 50, factor: 2 },
    });
  });

  it('says a loss that is not finite diverged, at once', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(watch([2.3, bad]).at(-1)).toEqual({ diverged: true, how: `became ${bad}`, why: null });
      expect(watch([bad])).toEqual([{ diverged: true, how: `became ${bad}`, why: null }]);
    }
  });

  it('catches LeNet-5 at a learning rate of 10 on MNIST when its loss explodes, at step 14', () => {
    // The run's first 14 step losses (`npm run train -- examples/lenet5.json --lr 10`): without
    // the check it went on to finish the epoch at chance, 11.35 %, and exit 0.
    const losses = [
      5.43, 4.688, 3.83, 2.31, 2.269, 2.284, 2.09, 16.5, 123.1, 44.78, 7.406, 165.9, 106.2, 112.1,
    ];
    const verdicts = watch(losses);
    expect(verdicts).toHaveLength(14);
    expect(verdicts.at(-1)).toEqual({
      diverged: true,
      how: 'exploded',
      why: 'its mean over the last 10 steps, 58.26, is more than 10 times the 5.430 it started at',
    });
    // Step 7 is the last whose loss was no higher than at the start.
    expect(verdicts.slice(0, 13).map((v) => !v.diverged && v.atOrBelowStart)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('catches a blow-up at the second step, over the steps there are', () => {
    expect(watch([5.43, 2.512e9]).at(-1)).toEqual({
      diverged: true,
      how: 'exploded',
      why: 'its mean over the last 2 steps, 1.256e+9, is more than 10 times the 5.430 it started at',
    });
  });

  it('takes ln(classes) as the start when the first loss is lower', () => {
    // ln 10 = 2.303: the limit is 23.03, not 10 × 0.05.
    const verdicts = watch([0.05, 30, 30, 30, 30]);
    expect(verdicts.slice(0, 4).every((v) => !v.diverged)).toBe(true);
    expect(verdicts.at(-1)).toEqual({
      diverged: true,
      how: 'exploded',
      why: 'its mean over the last 5 steps, 24.01, is more than 10 times the 2.303 it started at',
    });
    expect(watch([0.5, 1.2], 4).map((v) => !v.diverged && v.atOrBelowStart)).toEqual([
      true,
      true, // ln 4 = 1.386
    ]);
  });

  it('catches a loss that climbs above twice its start and stays there for 50 steps', () => {
    // Shaped like a small convnet's on shapes at SGD 30: between 4 and 15, never 10 times its
    // 1.484 start over 10 steps, at chance throughout.
    const high = [5.1, 12.2, 7.25, 10.9, 9.46, 8.96, 4.94, 10.1, 11.5, 4.1, 8.96, 11.4, 14.7];
    const losses = [1.484, ...Array.from({ length: 60 }, (_, i) => high[i % high.length])];
    const verdicts = watch(losses, 4);
    expect(verdicts).toHaveLength(50);
    expect(verdicts.at(-1)).toEqual({
      diverged: true,
      how: 'climbed',
      why: 'its mean over the last 50 steps, 8.894, is more than 2 times the 1.484 it started at',
    });
  });

  it('lets a loss that rises briefly, or stays at chance, go on', () => {
    // 20 steps at three times the start, then back down: no 50 steps average twice the start.
    const brief = [2.5, ...Array(20).fill(7.5), ...Array(200).fill(1)];
    expect(watch(brief).every((v) => !v.diverged)).toBe(true);
    expect(watch(brief)).toHaveLength(221);
    // A dead network's loss sits at ln(classes), which the start is never below.
    expect(watch(Array(1000).fill(Math.log(10)), 10).every((v) => !v.diverged)).toBe(true);
  });
});

describe('healthy runs of the templates', () => {
  /** The first 2,400 MNIST training images: 300 steps of 8, 150 of 16, 2,400 of 1. */
  const smallMnist = once(async (): Promise<Dataset> => {
    const mnist = await loadDataset('mnist', async (file) =>
      readFile(join(root, 'resources', 'datasets', file)),
    );
    const few = (split: Dataset['train'], count: number) => ({
      images: split.images.subarray(0, count * 28 * 28),
      labels: split.labels.subarray(0, count),
      count,
    });
    return {
      ...mnist,
      train: few(mnist.train, 2400),
      validation: few(mnist.validation, 8),
      test: few(mnist.test, 8),
    };
  });

  it.each<[string, TrainingSettingsValues]>([
    // Their own settings (SGD with Nesterov momentum, cosine after 200 warm-up steps), at batch
    // sizes small enough for a noisy loss.
    ['lenet5', { batchSize: 16 }],
    ['lenet5-classic', { batchSize: 8 }],
    ['resnet-small', { batchSize: 16 }],
    // Adam at three times its usual rate, one image a step: the noisiest loss of all.
    ['mlp', { batchSize: 1, optimizer: { type: 'adam', learningRate: 0.003 } }],
  ])('%s with %j trains without being stopped', async (name, overrides) => {
    const document = JSON.parse(await readFile(join(root, 'examples', `${name}.json`), 'utf8'));
    const settings = resolveSettings(document.training, overrides);
    const dataset = await smallMnist();
    // The losses of real training are the subject, not the kernels: the fast ones, in both runs
    // of the engine suite (the reference's would take minutes here).
    const network = createNetwork(parseModel(document), {
      seed: settings.seed,
      kernels: 'wasm-simd',
    });
    const { type, ...options } = settings.optimizer;
    const trainer = new Trainer({
      network,
      optimizer: createOptimizer(type, network.parameters.length, options),
      dataset,
      normalization: standardization(dataset.train),
      epochs: 1,
      batchSize: settings.batchSize,
      seed: settings.seed,
      schedule: settings.schedule,
    });
    const losses: number[] = [];
    let event = trainer.advance();
    while (event.type === 'step') {
      losses.push(event.loss);
      event = trainer.advance();
    }
    expect(event.type).toBe('epoch');
    expect(losses).toHaveLength(trainer.stepsPerEpoch);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // It learned: the last tenth of the steps averages well below the first tenth.
    const tenth = Math.floor(losses.length / 10);
    expect(mean(losses.slice(-tenth))).toBeLessThan(mean(losses.slice(0, tenth)) / 2);
  });
});

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}
