// Worker events of a small run, as the recorder and the run tables see them, without a worker.

import type { ModelDocument } from '../../src/engine/index';
import type { EventOf } from '../../src/shared/protocol';
import { RunRecorder } from '../../src/shared/runs/recorder';
import type { RunRecord } from '../../src/shared/runs/record';

export const CLASSES = ['circle', 'square', 'triangle', 'cross'];

export function model(name = 'Tiny', filters = 4): ModelDocument {
  return {
    format: 'cnn-studio/model',
    version: 1,
    name,
    nodes: [
      { id: 'in', type: 'input', params: { channels: 1, height: 16, width: 16 } },
      { id: 'c1', type: 'conv2d', params: { filters, kernelSize: 3, activation: 'relu' } },
      { id: 'gap', type: 'globalavgpool' },
      { id: 'out', type: 'dense', params: { units: 4 } },
    ],
    edges: [
      { from: 'in', to: 'c1' },
      { from: 'c1', to: 'gap' },
      { from: 'gap', to: 'out' },
    ],
  };
}

export function loaded(overrides: Partial<EventOf<'loaded'>> = {}): EventOf<'loaded'> {
  return {
    type: 'loaded',
    name: 'Tiny',
    summary: [
      {
        id: 'in',
        type: 'input',
        outputShape: [1, 16, 16],
        params: 0,
        macs: 0,
        error: null,
        receptiveField: null,
      },
      {
        id: 'c1',
        type: 'conv2d',
        outputShape: [4, 14, 14],
        params: 40,
        macs: 7056,
        error: null,
        receptiveField: null,
      },
      {
        id: 'gap',
        type: 'globalavgpool',
        outputShape: [4],
        params: 0,
        macs: 0,
        error: null,
        receptiveField: null,
      },
      {
        id: 'out',
        type: 'dense',
        outputShape: [4],
        params: 20,
        macs: 16,
        error: null,
        receptiveField: null,
      },
    ],
    parameterCount: 60,
    settings: {
      dataset: 'shapes',
      epochs: 2,
      batchSize: 10,
      seed: 1,
      optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
      schedule: { type: 'constant', warmupSteps: 0 },
      augment: false,
      normalization: 'standardize',
      threads: 1,
    },
    normalization: { kind: 'standardize', mean: 0.2, std: 0.3 },
    dataset: {
      name: 'shapes',
      classes: CLASSES,
      height: 16,
      width: 16,
      train: 100,
      validation: 20,
      test: 40,
    },
    stepsPerEpoch: 10,
    totalSteps: 20,
    threads: 1,
    kernels: { name: 'wasm-simd', note: '' },
    ...overrides,
  };
}

export function progress(step: number, loss: number, samplesPerSecond = 1000): EventOf<'progress'> {
  return {
    type: 'progress',
    step,
    totalSteps: 20,
    epoch: step <= 10 ? 1 : 2,
    epochs: 2,
    loss,
    accuracy: 0.5,
    learningRate: 0.05,
    samplesPerSecond,
    etaSeconds: 1,
  };
}

const metrics = (loss: number, correct: number, count: number) => ({
  loss,
  accuracy: correct / count,
  correct,
  count,
});

export function epoch(n: number): EventOf<'epoch'> {
  return {
    type: 'epoch',
    epoch: n,
    epochs: 2,
    step: n * 10,
    train: metrics(1 / n, 50 + n, 100),
    validation: metrics(1.1 / n, 10 + n, 20),
    test: n < 2 ? metrics(1.2 / n, 20 + n, 40) : null,
    confusion: null,
  };
}

export function finished(overrides: Partial<EventOf<'finished'>> = {}): EventOf<'finished'> {
  const confusion = new Uint32Array(16);
  for (let k = 0; k < 4; k++) confusion[k * 5] = 8;
  confusion[1] = 8;
  return {
    type: 'finished',
    reason: 'completed',
    message: null,
    step: 20,
    epochs: 2,
    test: metrics(0.5, 32, 40),
    confusion,
    seconds: 3.5,
    ...overrides,
  };
}

/** A whole run's record: `setup` may change what it trains and how it ends. */
export function recordOf(
  options: {
    id?: string;
    name?: string;
    startedAt?: string;
    loaded?: Partial<EventOf<'loaded'>>;
    finished?: Partial<EventOf<'finished'>>;
    model?: ModelDocument;
  } = {},
): RunRecord {
  const recorder = new RunRecorder({
    id: options.id ?? '20250102-103000-abcdef',
    startedAt: new Date(options.startedAt ?? '2025-01-02T10:30:00.000Z'),
    model: options.model ?? model(),
    loaded: loaded(options.loaded),
    ...(options.name ? { name: options.name } : {}),
  });
  for (const event of [
    progress(5, 1.5),
    progress(10, 1.2),
    epoch(1),
    progress(15, 0.9),
    progress(20, 0.7),
    epoch(2),
  ]) {
    recorder.receive(event);
  }
  recorder.receive(finished(options.finished));
  return recorder.record();
}
