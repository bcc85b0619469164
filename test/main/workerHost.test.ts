import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { transferables, WorkerHost } from '../../src/main/workerHost';
import type { WorkerMessage } from '../../src/shared/backend';
import { bridgeWorkerSpawner, type WorkerBackend } from '../../src/worker/bridge';
import { TrainingClient, type ClientEvent, type WorkerCallbacks } from '../../src/worker/client';
import { nodeWorkerSpawner } from '../../src/worker/node/host';
import type { RunState } from '../../src/shared/protocol';
import { tinyModel } from '../worker/helpers';

// The desktop path of a training run, all but Electron itself: a TrainingClient as the page runs
// it, the backend bridge, IPC's structured clone, the main process's WorkerHost and a real
// worker_threads worker.

const SHAPES = {
  dataset: 'shapes',
  batchSize: 64,
  optimizer: { type: 'adam', learningRate: 0.01 },
} as const;

function desktop() {
  let thread: Worker | null = null;
  const pageListeners = new Set<(message: WorkerMessage) => void>();
  const states: RunState[] = [];
  const trained: object[] = [];
  const host = new WorkerHost({
    spawn: nodeWorkerSpawner({ onSpawn: (worker) => (thread = worker) }),
    // webContents.send clones the message, as the page receives it.
    send: (message) => pageListeners.forEach((listener) => listener(structuredClone(message))),
    onTrainedModel: (document) => trained.push(document),
    onRunState: (state) => states.push(state),
  });
  const backend: WorkerBackend = {
    spawnWorker: async () => host.spawn(),
    postToWorker: async (worker, command) => host.post(worker, structuredClone(command)),
    terminateWorker: (worker) => host.terminate(worker),
    onWorkerMessage: (listener) => {
      pageListeners.add(listener);
      return () => void pageListeners.delete(listener);
    },
  };
  const client = new TrainingClient(bridgeWorkerSpawner(backend));
  const events: ClientEvent[] = [];
  client.subscribe((event) => events.push(event));
  const next = <T extends ClientEvent['type']>(type: T) =>
    new Promise<Extract<ClientEvent, { type: T }>>((resolve) => {
      const stop = client.subscribe((event) => {
        if (event.type !== type) return;
        stop();
        resolve(event as Extract<ClientEvent, { type: T }>);
      });
    });
  opened.push(client);
  return { host, backend, client, events, next, states, trained, thread: () => thread! };
}

const opened: TrainingClient[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.dispose()));
});

describe('a training run through the desktop bridge (worker_threads)', () => {
  it('loads, trains, reports the run state and autosaves the trained model', async () => {
    const { client, next, states, trained } = desktop();
    const loaded = await client.load(tinyModel(), { ...SHAPES, epochs: 1 });
    expect(loaded.summary.map((layer) => layer.id)).toEqual(['in', 'c1', 'p1', 'gap', 'out']);
    const finished = next('finished');
    await client.start();
    expect((await finished).reason).toBe('completed');
    // The client fetches the weights at each epoch end and the finish; main autosaves them.
    await vi.waitFor(() => expect(trained.length).toBeGreaterThan(0));
    expect(trained.at(-1)).toMatchObject({
      format: 'cnn-studio/model',
      weights: expect.any(Object),
    });
    expect(states).toEqual(expect.arrayContaining(['ready', 'running', 'finished']));
  });

  it('carries typed arrays both ways', async () => {
    const { client } = desktop();
    await client.load(tinyModel(), SHAPES);
    const image = { width: 16, height: 16, pixels: new Uint8Array(256).fill(200) };
    const prediction = await client.predict(image);
    expect(prediction.probabilities).toBeInstanceOf(Float32Array);
    expect(prediction.probabilities).toHaveLength(4);
    expect(image.pixels[0]).toBe(200); // the client sent a copy; the page keeps its image
    const kernels = await client.kernels('c1');
    expect(kernels.data).toBeInstanceOf(Float32Array);
    expect(kernels.shape).toEqual([4, 1, 3, 3]);
  });

  it('answers a malformed command with the protocol error, without reaching the worker', async () => {
    const { backend } = desktop();
    const received: WorkerMessage[] = [];
    backend.onWorkerMessage((message) => received.push(message));
    const worker = await backend.spawnWorker();
    await backend.postToWorker(worker, { type: 'train-harder', id: 7 });
    expect(received).toEqual([
      {
        worker,
        kind: 'event',
        event: expect.objectContaining({
          type: 'error',
          id: 7,
          message: expect.stringMatching(/unknown command/),
        }),
      },
    ]);
  });

  it('reports a killed worker to the page, whose client restarts it with the last document', async () => {
    const { client, next, thread, states } = desktop();
    await client.load(tinyModel(), { ...SHAPES, epochs: 50 });
    const epoch = next('epoch');
    await client.start();
    await epoch;
    await vi.waitFor(() => expect(client.lastDocument?.weights).toBeDefined());
    const saved = client.lastDocument!;

    const crashed = next('crashed');
    await thread().terminate();
    expect((await crashed).message).toMatch(/the training worker crashed: it exited with code 1/);
    expect(states.at(-1)).toBe('empty');

    const loaded = await client.restart();
    expect(loaded?.summary).toHaveLength(5);
    expect((await client.weights()).weights).toEqual(saved.weights);
  });
});

describe('WorkerHost', () => {
  /** A host over fake workers the test drives by hand. */
  function fakeHost() {
    const workers: { callbacks: WorkerCallbacks; posted: unknown[]; terminated: boolean }[] = [];
    const sent: WorkerMessage[] = [];
    const host = new WorkerHost({
      spawn: (callbacks) => {
        const worker = { callbacks, posted: [] as unknown[], terminated: false };
        workers.push(worker);
        return {
          post: (command, transfer) => worker.posted.push({ command, transfer }),
          terminate: async () => void (worker.terminated = true),
        };
      },
      send: (message) => sent.push(message),
      onTrainedModel: vi.fn(),
      onRunState: vi.fn(),
    });
    return { host, workers, sent };
  }

  it('passes on a valid command with its image buffer transferred', () => {
    const { host, workers } = fakeHost();
    const id = host.spawn();
    const pixels = new Uint8Array(4);
    host.post(id, { type: 'predict', id: 1, image: { width: 2, height: 2, pixels } });
    expect(workers[0].posted).toEqual([
      { command: expect.objectContaining({ type: 'predict' }), transfer: [pixels.buffer] },
    ]);
  });

  it('ends the previous worker on a new spawn and ignores it from then on', () => {
    const { host, workers, sent } = fakeHost();
    const first = host.spawn();
    const second = host.spawn();
    expect(workers[0].terminated).toBe(true);
    host.post(first, { type: 'start' });
    expect(workers[0].posted).toEqual([]);
    workers[0].callbacks.message({
      type: 'status',
      state: 'running',
      step: 0,
      hyperparameters: null,
    });
    workers[0].callbacks.crash('late');
    expect(sent).toEqual([]);
    workers[1].callbacks.crash('it exited with code 1');
    expect(sent).toEqual([{ worker: second, kind: 'crash', reason: 'it exited with code 1' }]);
  });

  it('turns an invalid event from the worker into an error event for the page', () => {
    const { host, workers, sent } = fakeHost();
    const id = host.spawn();
    workers[0].callbacks.message({ type: 'progress', step: 'many' });
    expect(sent).toEqual([
      {
        worker: id,
        kind: 'event',
        event: expect.objectContaining({
          type: 'error',
          message: expect.stringMatching(/^invalid event from the worker: /),
        }),
      },
    ]);
  });

  it('does not autosave weights before the model has trained', () => {
    const trained = vi.fn();
    const workers: WorkerCallbacks[] = [];
    const host = new WorkerHost({
      spawn: (callbacks) => {
        workers.push(callbacks);
        return { post: vi.fn(), terminate: async () => undefined };
      },
      send: vi.fn(),
      onTrainedModel: trained,
      onRunState: vi.fn(),
    });
    host.spawn();
    const document = { format: 'cnn-studio/model', version: 1, nodes: [], edges: [] };
    workers[0].message({ type: 'weights', id: 1, document });
    expect(trained).not.toHaveBeenCalled();
    workers[0].message({
      type: 'epoch',
      epoch: 1,
      epochs: 2,
      step: 10,
      train: { loss: 1, accuracy: 0.5, correct: 5, count: 10 },
      validation: null,
      test: null,
      confusion: null,
    });
    workers[0].message({ type: 'weights', id: 2, document });
    expect(trained).toHaveBeenCalledExactlyOnceWith(document);
  });
});

describe('transferables', () => {
  it('finds the whole buffers of typed arrays, once each, and skips shared views', () => {
    const whole = new Float32Array(4);
    const pooled = new Uint8Array(new ArrayBuffer(16), 4, 8);
    const found = transferables({ a: whole, b: [whole, pooled], c: { d: new Uint32Array(2) } });
    expect(found).toHaveLength(2);
    expect(found).toContain(whole.buffer);
    expect(found).not.toContain(pooled.buffer);
  });
});

describe('bridgeWorkerSpawner', () => {
  /** A backend whose spawnWorker answers when the test says, and whose messages the test sends. */
  function pendingBackend() {
    let answer: (id: number) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const listeners = new Set<(message: WorkerMessage) => void>();
    const backend: WorkerBackend = {
      spawnWorker: () =>
        new Promise<number>((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
      postToWorker: vi.fn(async () => undefined),
      terminateWorker: vi.fn(async () => undefined),
      onWorkerMessage: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const emit = (message: WorkerMessage) => listeners.forEach((listener) => listener(message));
    return {
      backend,
      emit,
      listeners,
      answer: (id: number) => answer(id),
      fail: (e: Error) => fail(e),
    };
  }

  it('holds messages until the worker’s number is known, then passes on only its own', async () => {
    const { backend, emit, answer } = pendingBackend();
    const callbacks = { message: vi.fn(), crash: vi.fn() };
    const handle = bridgeWorkerSpawner(backend)(callbacks);
    handle.post({ type: 'start' }, []);
    emit({ worker: 2, kind: 'event', event: 'early' });
    emit({ worker: 1, kind: 'event', event: 'old worker' });
    answer(2);
    await vi.waitFor(() => expect(backend.postToWorker).toHaveBeenCalledWith(2, { type: 'start' }));
    expect(callbacks.message.mock.calls).toEqual([['early']]);
    emit({ worker: 2, kind: 'event', event: 'later' });
    expect(callbacks.message).toHaveBeenLastCalledWith('later');
  });

  it('reports a crash once and stops listening', async () => {
    const { backend, emit, answer, listeners } = pendingBackend();
    const callbacks = { message: vi.fn(), crash: vi.fn() };
    bridgeWorkerSpawner(backend)(callbacks).post({ type: 'start' }, []);
    answer(3);
    // Posted: the spawn has answered.
    await vi.waitFor(() => expect(backend.postToWorker).toHaveBeenCalled());
    emit({ worker: 3, kind: 'crash', reason: 'it exited with code 1' });
    expect(callbacks.crash).toHaveBeenCalledExactlyOnceWith('it exited with code 1');
    expect(listeners.size).toBe(0);
  });

  it('reports a failed spawn as a crash, and terminating it is quiet', async () => {
    const { backend, fail } = pendingBackend();
    const callbacks = { message: vi.fn(), crash: vi.fn() };
    const handle = bridgeWorkerSpawner(backend)(callbacks);
    fail(new Error('refused'));
    await vi.waitFor(() => expect(callbacks.crash).toHaveBeenCalledWith('refused'));
    await expect(handle.terminate()).resolves.toBeUndefined();
    expect(backend.terminateWorker).not.toHaveBeenCalled();
  });
});
