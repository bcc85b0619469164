import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelDocument } from '../../../engine';
import { nodeWorkerSpawner } from '../../../worker/node/host';
import type { TrainingSettings } from '../../../shared/protocol';
import { KernelStore } from '../kernels/kernels.svelte';
import { TrainingSession, type RunOutcome } from './session.svelte';

// The session over a real training worker (worker_threads), on the generated shapes set.

function tinyModel(): ModelDocument {
  const nodes = [
    { id: 'in', type: 'input', params: { channels: 1, height: 16, width: 16 } },
    {
      id: 'c1',
      type: 'conv2d',
      params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
    },
    { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
    { id: 'c2', type: 'conv2d', params: { filters: 3, kernelSize: 3, activation: 'relu' } },
    { id: 'gap', type: 'globalavgpool' },
    { id: 'out', type: 'dense', params: { units: 4 } },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id }));
  return { format: 'cnn-studio/model', version: 1, name: 'tiny', nodes, edges };
}

// A constant rate: how many steps run before a pause depends on the machine's load, and a warm-up
// would make the rate the test reads depend on it too.
const SHAPES: TrainingSettings = {
  dataset: 'shapes',
  batchSize: 32,
  optimizer: { type: 'adam', learningRate: 0.01 },
  schedule: { type: 'constant', warmupSteps: 0 },
};

const sessions: TrainingSession[] = [];

function open(onSpawn?: (worker: Worker) => void) {
  const trained = vi.fn<(document: ModelDocument, outcome: RunOutcome) => void>();
  const session = new TrainingSession(nodeWorkerSpawner({ onSpawn }), { trained });
  sessions.push(session);
  return { session, trained };
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});

const until = (check: () => boolean, timeout = 30_000) =>
  vi.waitFor(() => expect(check()).toBe(true), { timeout, interval: 20 });

describe('TrainingSession', () => {
  it('keeps the history across pause and resume and after Stop; the weights go to the hook', async () => {
    const { session, trained } = open();
    await session.start(tinyModel(), { ...SHAPES, epochs: 500 });
    expect(session.loaded?.dataset.test).toBe(1000);
    await until(() => session.history.points.length >= 2);

    await session.pause();
    expect(session.phase).toBe('paused');
    session.history.flush();
    const atPause = session.history.points.length;
    const elapsed = session.elapsedSeconds();
    await new Promise((resolve) => setTimeout(resolve, 400));
    session.history.flush();
    expect(session.history.points.length).toBe(atPause);
    // The clock does not run while paused.
    expect(session.elapsedSeconds()).toBe(elapsed);

    await session.setLearningRate(0.002);
    expect(session.hyperparameters?.baseLearningRate).toBe(0.002);
    await session.resume();
    expect(session.phase).toBe('running');
    await until(() => session.history.points.length > atPause);

    await session.stop();
    await until(() => session.phase === 'finished');
    expect(session.finished?.reason).toBe('stopped');
    expect(session.history.points.length).toBeGreaterThan(atPause);
    expect(session.history.points.at(-1)!.learningRate).toBeCloseTo(0.002, 4);
    expect(session.history.test?.count).toBe(1000);
    const final = session.confusions.find((c) => c.final)!;
    expect(final.matrix.reduce((a, b) => a + b, 0)).toBe(1000);

    await until(() => trained.mock.calls.length === 1);
    const [document, outcome] = trained.mock.calls[0];
    expect(outcome).toMatchObject({ reason: 'stopped' });
    expect(Object.keys(document.weights ?? {}).sort()).toEqual(['c1', 'c2', 'out']);
    // The session holds what the editor is about to hold.
    expect(session.loadedFrom?.document).toBe(document);
  });

  it("records each epoch's confusion matrix; the scrubber's kernels are the epoch checkpoints", async () => {
    const { session } = open();
    await session.start(tinyModel(), { ...SHAPES, epochs: 2 });
    await until(() => session.phase === 'finished' && session.confusions.length === 2);
    expect(session.history.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const [first, last] = [...session.confusions].sort((a, b) => a.epoch - b.epoch);
    expect(first).toMatchObject({ epoch: 1, final: false, classes: expect.any(Array) });
    expect(last).toMatchObject({ epoch: 2, final: true });
    for (const record of [first, last]) {
      expect(record.matrix.reduce((a, b) => a + b, 0)).toBe(1000);
    }

    const kernels = new KernelStore(session);
    const ask = vi.spyOn(session, 'kernels');
    await kernels.refresh(0);
    const before = kernels.snapshots.c1;
    expect(before.epoch).toBe(0);
    expect(kernels.epochs).toEqual([0, 1, 2]);
    await kernels.refresh(2);
    const after = kernels.snapshots.c1;
    expect(after.shape).toEqual([4, 1, 3, 3]);
    expect(after.data).not.toEqual(before.data);
    await kernels.refresh(null);
    expect(kernels.snapshots.c1.data).toEqual(after.data);
    // Checkpoints never change: going back to epoch 0 asks the worker nothing.
    const asked = ask.mock.calls.length;
    await kernels.refresh(0);
    expect(ask.mock.calls.length).toBe(asked);
    expect(kernels.snapshots.c1).toBe(before);
  });

  it('a model that does not fit the dataset fails to load, saying why', async () => {
    const { session } = open();
    const wide = tinyModel();
    wide.nodes[0].params = { channels: 1, height: 28, width: 28 };
    expect(await session.load(wide, SHAPES)).toBe(false);
    expect(session.phase).toBe('idle');
    expect(session.error).toMatch(/input is 1×28×28 but shapes images are 1×16×16/);
  });

  it('a crashed worker is reported and replaced by a fresh one with the model; Start trains again', async () => {
    const workers: Worker[] = [];
    const { session } = open((w) => workers.push(w));
    await session.start(tinyModel(), { ...SHAPES, epochs: 500 });
    await until(() => session.history.points.length > 0);
    const points = session.history.points.length;
    const layers = session.loaded!.summary.map((s) => s.id);
    await workers[0].terminate();
    await until(() => session.phase === 'ready');
    expect(workers).toHaveLength(2);
    expect(session.error).toMatch(/crashed.*A fresh worker has the model again/);
    expect(session.loaded?.summary.map((s) => s.id)).toEqual(layers);
    expect(session.history.points.length).toBeGreaterThanOrEqual(points);
    expect((await session.kernels('c1')).shape).toEqual([4, 1, 3, 3]);
    await session.start(tinyModel(), { ...SHAPES, epochs: 1 });
    await until(() => session.phase === 'finished');
  });

  it('a worker that crashes again while replacing a crashed one is not retried', async () => {
    const workers: Worker[] = [];
    const { session } = open((w) => {
      workers.push(w);
      // The replacement dies as soon as it starts.
      if (workers.length === 2) void w.terminate();
    });
    await session.start(tinyModel(), { ...SHAPES, epochs: 500 });
    await until(() => session.history.points.length > 0);
    await workers[0].terminate();
    await until(() => workers.length === 2 && session.phase === 'failed' && !!session.error);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(workers).toHaveLength(2);
    expect(session.phase).toBe('failed');
  });
});
