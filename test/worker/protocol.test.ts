import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNetwork, parseModel } from '../../src/engine/index';
import type { TrainingClient } from '../../src/worker/client';
import { chain } from '../engine/models';
import { count, recordingClient, sleep, tinyModel } from './helpers';

// The training worker under real Node worker_threads, driven through the typed client.

const SHAPES = {
  dataset: 'shapes',
  batchSize: 64,
  optimizer: { type: 'adam', learningRate: 0.01 },
  schedule: { type: 'constant' },
} as const;
const clients: TrainingClient[] = [];

function open(...args: Parameters<typeof recordingClient>) {
  const recording = recordingClient(...args);
  clients.push(recording.client);
  return recording;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

describe('training worker protocol (worker_threads)', () => {
  it('a short run reports loaded, progress, epochs and finished with a confusion matrix', async () => {
    const { client, events, next } = open();
    const loaded = await client.load(tinyModel(), { ...SHAPES, epochs: 2 });
    expect(loaded.dataset).toMatchObject({ name: 'shapes', height: 16, width: 16, train: 4000 });
    expect(loaded.stepsPerEpoch).toBe(63);
    expect(loaded.threads).toBe(Math.min(2, availableParallelism()));
    expect(loaded.settings.optimizer).toMatchObject({ type: 'adam', learningRate: 0.01 });
    expect(loaded.summary.map((s) => s.id)).toEqual(['in', 'c1', 'p1', 'gap', 'out']);
    const finished = next('finished');
    const finalStatus = next('status', (s) => s.state === 'finished');
    expect((await client.start()).state).toBe('running');
    const done = await finished;
    expect(done.reason).toBe('completed');
    expect(done.test!.count).toBe(1000);
    expect(done.confusion).toBeInstanceOf(Uint32Array);
    expect(done.confusion!.length).toBe(16);
    expect(done.confusion!.reduce((a, b) => a + b, 0)).toBe(1000);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ step: 126, totalSteps: 126, epoch: 2, epochs: 2 });
    for (const p of progress) {
      expect(p.loss).toBeGreaterThan(0);
      expect(p.samplesPerSecond).toBeGreaterThan(0);
      expect(p.learningRate).toBe(0.01);
    }
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1].validation!.count).toBe(500);
    // The test set at the first epoch's very last step; the last epoch's comes with `finished`.
    expect(epochs[0].step).toBe(63);
    expect(epochs[0].test!.count).toBe(1000);
    expect(epochs[0].confusion!.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(epochs[1]).toMatchObject({ test: null, confusion: null });
    expect((await finalStatus).step).toBe(126);
  });

  it('one thread or two, the same seed trains the same weights to the bit', async () => {
    const model = tinyModel();
    // Wide enough that the kernels split each call between the threads.
    model.nodes[1].params = { filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' };
    const trained = [];
    for (const threads of [1, 2]) {
      const { client, next } = open();
      const loaded = await client.load(model, { ...SHAPES, epochs: 1, threads });
      expect(loaded.threads).toBe(Math.min(threads, availableParallelism()));
      const finished = next('finished');
      await client.start();
      expect((await finished).reason).toBe('completed');
      trained.push((await client.weights()).weights);
    }
    expect(trained[1]).toEqual(trained[0]);
  });

  it('pause stops progress, resume continues, a learning-rate change applies, stop finishes', async () => {
    const { client, events, next } = open();
    await client.load(tinyModel(), { ...SHAPES, epochs: 200 });
    const firstProgress = next('progress');
    await client.start();
    await firstProgress;

    const paused = await client.pause();
    expect(paused.state).toBe('paused');
    const progressAtPause = count(events, 'progress');
    await sleep(400);
    expect(count(events, 'progress')).toBe(progressAtPause);

    const changed = await client.setHyperparameters({ learningRate: 0.002, augment: true });
    expect(changed.hyperparameters).toEqual({
      baseLearningRate: 0.002,
      learningRate: 0.002,
      augment: true,
    });
    const resumed = next('progress');
    expect((await client.resume()).state).toBe('running');
    const after = await resumed;
    expect(after.step).toBeGreaterThan(paused.step);
    expect(after.learningRate).toBe(0.002);

    const finished = next('finished');
    expect((await client.stop()).state).toBe('stopping');
    const done = await finished;
    expect(done.reason).toBe('stopped');
    expect(done.test!.count).toBe(1000);
    await expect(client.resume()).rejects.toThrow(/resume: not possible while finished/);
  });

  it('gives bit-identical weights for the same seed, paused and resumed or not', async () => {
    const trainTo = async (seed: number, pauseOnce: boolean) => {
      const { client, next } = open();
      await client.load(tinyModel(), { ...SHAPES, epochs: 4, seed, augment: true });
      const finished = next('finished');
      await client.start();
      if (pauseOnce) {
        // Handled after the first chunk of steps (50 ms), well before the run's end.
        await client.pause();
        await sleep(50);
        await client.resume();
      }
      await finished;
      return (await client.weights()).weights;
    };
    const straight = await trainTo(5, false);
    expect(await trainTo(5, true)).toEqual(straight);
    expect(await trainTo(6, false)).not.toEqual(straight);
  });

  it('serves kernels, feature maps, predictions, confusion, misclassified and samples with the right shapes', async () => {
    const { client, next } = open();
    await client.load(tinyModel(), { ...SHAPES, epochs: 1 });
    const finished = next('finished');
    await client.start();
    await finished;

    const kernels = await client.kernels('c1');
    expect(kernels.shape).toEqual([4, 1, 3, 3]);
    expect(kernels.data).toBeInstanceOf(Float32Array);
    expect(kernels.data.length).toBe(36);
    expect(kernels.epochs).toEqual([0, 1]);
    const initial = await client.kernels('c1', 0);
    expect(initial.epoch).toBe(0);
    expect(initial.data).not.toEqual(kernels.data);
    expect((await client.kernels('c1', 1)).data).toEqual(kernels.data);

    const maps = await client.featureMaps({ kind: 'sample', split: 'test', index: 5 });
    expect(maps.maps.map((m) => [m.layer, m.shape])).toEqual([
      ['in', [1, 16, 16]],
      ['c1', [4, 16, 16]],
      ['p1', [4, 8, 8]],
      ['gap', [4]],
      ['out', [4]],
    ]);
    for (const m of maps.maps) {
      expect(m.data).toBeInstanceOf(Float32Array);
      expect(m.data.length).toBe(m.shape.reduce((a, b) => a * b, 1));
    }
    expect(maps.label).toBeGreaterThanOrEqual(0);
    expect(sum(maps.probabilities)).toBeCloseTo(1, 5);

    // A 28×28 drawing (a vertical bar) is resized to the model's 16×16 input.
    const pixels = new Uint8Array(28 * 28);
    for (let y = 4; y < 24; y++) for (let x = 12; x < 16; x++) pixels[y * 28 + x] = 255;
    const drawn = await client.featureMaps({
      kind: 'image',
      image: { width: 28, height: 28, pixels },
    });
    expect(drawn.label).toBeNull();
    expect(drawn.maps[0].shape).toEqual([1, 16, 16]);
    const prediction = await client.predict({ width: 28, height: 28, pixels });
    expect(prediction.probabilities.length).toBe(4);
    expect(sum(prediction.probabilities)).toBeCloseTo(1, 5);
    expect(prediction.predicted).toBe(drawn.predicted);
    expect(pixels[4 * 28 + 12]).toBe(255); // the caller's array was copied, not transferred

    const confusion = await client.confusion();
    expect(confusion.classes).toEqual(['vertical bar', 'horizontal bar', 'square', 'cross']);
    expect(confusion.matrix.length).toBe(16);
    const cell = firstOffDiagonal(confusion.matrix, 4);
    const wrong = await client.misclassified(cell.truth, cell.guess, 3);
    expect(wrong.total).toBe(confusion.matrix[cell.truth * 4 + cell.guess]);
    expect(wrong.indices.length).toBe(Math.min(3, wrong.total));
    expect(wrong.images.length).toBe(wrong.indices.length * 256);

    const samples = await client.samples('train', [0, 1, 2, 3999]);
    expect(samples.images).toBeInstanceOf(Uint8Array);
    expect(samples.images.length).toBe(4 * 256);
    expect(Array.from(samples.labels)).toEqual([0, 1, 2, 3]);

    const document = await client.weights();
    expect(document.training).toMatchObject({
      dataset: 'shapes',
      normalization: { kind: 'standardize' },
      result: { epochs: 1, steps: 63 },
    });
    // The document is a valid model that predicts what the worker predicts.
    const network = createNetwork(parseModel(document));
    expect(network.parameters.length).toBeGreaterThan(0);
  });

  it("a confusion cell's images are those of the epoch its matrix is from", async () => {
    const { client, events, next } = open();
    await client.load(tinyModel(), { ...SHAPES, epochs: 2 });
    const finished = next('finished');
    await client.start();
    const done = await finished;
    const [first] = events.filter((e) => e.type === 'epoch');
    for (const [step, matrix] of [
      [first.step, first.confusion!],
      [done.step, done.confusion!],
    ] as const) {
      for (let truth = 0; truth < 4; truth++) {
        for (let guess = 0; guess < 4; guess++) {
          const cell = await client.misclassified(truth, guess, 1, step);
          expect(cell.total, `step ${step} cell ${truth},${guess}`).toBe(matrix[truth * 4 + guess]);
        }
      }
    }
    await expect(client.misclassified(0, 1, 1, 5)).rejects.toThrow(
      /no test predictions are kept for step 5/,
    );
  });

  it('answers a malformed or impossible message with an error naming the field, and keeps going', async () => {
    const { client, next } = open();
    const errors = (expected: number) => {
      const got: { field?: string; message: string }[] = [];
      return new Promise<typeof got>((resolve) => {
        const stop = client.subscribe((e) => {
          if (e.type !== 'error') return;
          got.push(e);
          if (got.length === expected) {
            stop();
            resolve(got);
          }
        });
      });
    };
    const four = errors(4);
    client.postRaw({ type: 'explode' });
    client.postRaw({ type: 'getKernels', layer: 7 });
    client.postRaw({ type: 'predict', image: { width: 2, height: 2, pixels: new Uint8Array(3) } });
    client.postRaw('start');
    const [unknown, wrongType, badImage, notObject] = await four;
    expect(unknown).toMatchObject({ field: 'type' });
    expect(unknown.message).toMatch(/unknown command "explode"; expected one of/);
    expect(wrongType).toMatchObject({
      field: 'layer',
      message: 'getKernels: layer must be string, got 7',
    });
    expect(badImage).toMatchObject({ field: 'image.pixels' });
    expect(badImage.message).toMatch(/width × height/);
    expect(notObject.message).toMatch(/must be an object/);

    await expect(client.start()).rejects.toThrow('start: no model is loaded');
    await expect(client.load({ ...tinyModel(), nodes: [] })).rejects.toMatchObject({
      field: expect.stringMatching(/^model/),
    });
    await client.load(tinyModel(), { ...SHAPES, epochs: 1 });
    await expect(client.kernels('p1')).rejects.toThrow(
      /maxpool2d layer; only conv2d layers have kernels/,
    );
    await expect(client.samples('test', [1000])).rejects.toMatchObject({ field: 'indices.0' });
    // Still alive and answering.
    const finished = next('finished');
    await client.start();
    expect((await finished).reason).toBe('completed');
  });

  it('refuses at load, in words, a model or a batch too large for memory', async () => {
    const { client } = open();
    const huge = chain(
      [1, 4096, 4096],
      [{ id: 'wide', type: 'conv2d', params: { filters: 4096, kernelSize: 1 } }],
    );
    await expect(client.load(huge, SHAPES)).rejects.toMatchObject({
      field: 'model',
      message: expect.stringMatching(
        /^node "wide" \(conv2d\) outputs 4096×4096×4096 values \(256 GiB\) per image/,
      ),
    });
    const broad = chain(
      [1, 16, 16],
      [
        { type: 'conv2d', params: { filters: 4096, kernelSize: 3, padding: 'same' } },
        { type: 'globalavgpool' },
        { type: 'dense', params: { units: 4 } },
      ],
    );
    await expect(client.load(broad, { ...SHAPES, batchSize: 4096 })).rejects.toMatchObject({
      field: 'settings.batchSize',
      message: expect.stringMatching(
        /^batchSize: training on 4096 images at once needs .* use a batch of at most \d+$/,
      ),
    });
  });

  it('reports a run whose loss explodes as diverged, in words, and keeps weights that predict', async () => {
    const { client, next } = open();
    await client.load(tinyModel(), { ...SHAPES, optimizer: { type: 'adam', learningRate: 30 } });
    const finished = next('finished');
    await client.start();
    const done = await finished;
    expect(done).toMatchObject({ reason: 'diverged', test: null, confusion: null });
    expect(done.message).toMatch(
      /^training stopped: the loss exploded at step \d+ \(epoch 1\): its mean over the last \d+ steps, [\d.e+]+, is more than 10 times the [\d.]+ it started at; the weights of step \d+ \(loss [\d.]+\) were kept\. Try a lower learning rate\.$/,
    );
    const kept = createNetwork(parseModel(await client.weights()));
    expect(kept.predict(new Float32Array(16 * 16).fill(0.5), 1).every(Number.isFinite)).toBe(true);
  });

  it('reports a missing dataset file by name without crashing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cnn-studio-'));
    try {
      const { client } = open({ datasetsDir: empty });
      await expect(client.load(tinyModel(), { dataset: 'digits' })).rejects.toThrow(
        /manifest\.json is missing or unreadable/,
      );
      expect((await client.load(tinyModel(), SHAPES)).dataset.name).toBe('shapes');
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  it('reports a killed worker and restarts a fresh one with the last model document', async () => {
    const { client, worker, next } = open();
    await client.load(tinyModel(), { ...SHAPES, epochs: 50 });
    const epoch = next('epoch');
    await client.start();
    await epoch;
    // Wait until the client has the weights of that epoch end.
    await waitUntil(() => client.lastDocument?.weights !== undefined);
    const saved = client.lastDocument!;

    const crashed = next('crashed');
    const pending = client.confusion();
    await worker().terminate();
    expect((await crashed).message).toMatch(/the training worker crashed: it exited with code 1/);
    await expect(pending).rejects.toThrow(/crashed/);
    await expect(client.kernels('c1')).rejects.toThrow(/not running; restart it/);

    const loaded = await client.restart();
    expect(loaded!.summary.length).toBe(5);
    const restored = await client.weights();
    expect(restored.weights).toEqual(saved.weights);
  });
});

function sum(values: Float32Array): number {
  return values.reduce((a, b) => a + b, 0);
}

function firstOffDiagonal(matrix: Uint32Array, k: number): { truth: number; guess: number } {
  for (let truth = 0; truth < k; truth++)
    for (let guess = 0; guess < k; guess++)
      if (truth !== guess && matrix[truth * k + guess] > 0) return { truth, guess };
  return { truth: 0, guess: 1 };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(10);
}
