import { describe, expect, it } from 'vitest';
import {
  parseRunRecord,
  readRunTexts,
  RunRecordError,
  type RunRecord,
} from '../../src/shared/runs/record';
import type { ModelDocument } from '../../src/engine/index';
import {
  MAX_CURVE_POINTS,
  newRunId,
  RunRecorder,
  weightsRun,
} from '../../src/shared/runs/recorder';
import { finished, loaded, model, progress, recordOf } from './fixtures';

// The run record: what the recorder makes of a run's events, and what reading one back accepts.

const startedAt = new Date('2025-01-02T10:30:00.000Z');

function recorder(now = () => startedAt.getTime() + 2500) {
  return new RunRecorder({ id: 'run-1', startedAt, model: model(), loaded: loaded() }, now);
}

/** A deep copy with one field changed: `path` is dotted, as errors name fields. */
function withField(record: RunRecord, path: string, value: unknown): unknown {
  const copy = structuredClone(record) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy;
}

describe('RunRecorder', () => {
  it('records a finished run: settings, sizes, epochs, curve, test and confusion matrix', () => {
    const record = recordOf();
    expect(record).toMatchObject({
      format: 'cnn-studio/run',
      version: 2,
      id: '20250102-103000-abcdef',
      name: 'Tiny',
      notes: '',
      tags: [],
      continuedFrom: null,
      startedAt: '2025-01-02T10:30:00.000Z',
      seconds: 3.5,
      outcome: { kind: 'finished' },
      dataset: { name: 'shapes', train: 100, validation: 20, test: 40 },
      settings: {
        dataset: 'shapes',
        epochs: 2,
        batchSize: 10,
        optimizer: { type: 'sgd', learningRate: 0.05 },
      },
      normalization: { kind: 'standardize', mean: 0.2, std: 0.3 },
      params: 60,
      macs: 7056 + 16,
      kernels: { name: 'wasm-simd', note: '', threads: 1 },
      stepsPerEpoch: 10,
      totalSteps: 20,
      steps: 20,
      test: { loss: 0.5, accuracy: 0.8, correct: 32, count: 40 },
      // 1000 images a second in every report.
      samplesPerSecond: 1000,
    });
    expect(
      record.epochs.map((e) => [e.epoch, e.step, e.train.correct, e.test?.correct ?? null]),
    ).toEqual([
      [1, 10, 51, 21],
      [2, 20, 52, null],
    ]);
    expect(record.curve).toEqual({
      step: [5, 10, 15, 20],
      loss: [1.5, 1.2, 0.9, 0.7],
      accuracy: [0.5, 0.5, 0.5, 0.5],
    });
    expect(record.confusion).toEqual([8, 8, 0, 0, 0, 8, 0, 0, 0, 0, 8, 0, 0, 0, 0, 8]);
    expect(record.model.nodes.map((n) => n.id)).toEqual(['in', 'c1', 'gap', 'out']);
    expect(parseRunRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('says interrupted until the run says how it ended, with the wall time so far', () => {
    const run = recorder();
    run.receive(progress(5, 1.5));
    expect(run.ended).toBe(false);
    const record = run.record();
    expect(record).toMatchObject({
      outcome: { kind: 'interrupted' },
      seconds: 2.5,
      steps: 5,
      test: null,
      confusion: null,
    });
    expect(parseRunRecord(record)).toEqual(record);
  });

  it('keeps the weights out of the record: they are stored beside it', () => {
    const withWeights = {
      ...model(),
      weights: { out: { bias: { shape: [4], data: [0, 0, 0, 0] } } },
    };
    const run = new RunRecorder({ id: 'run-1', startedAt, model: withWeights, loaded: loaded() });
    expect('weights' in run.record().model).toBe(false);
    expect(withWeights.weights.out.bias.shape).toEqual([4]);
  });

  it('names the run it continues: the one whose weights the model holds', () => {
    const bias = { shape: [4], data: [0, 0, 0, 0] };
    const from = (doc: ModelDocument) =>
      new RunRecorder({ id: 'run-2', startedAt, model: doc, loaded: loaded() }).record()
        .continuedFrom;
    const trained = { ...model(), weights: { out: { bias } }, training: { run: 'run-1' } };
    expect(from(trained)).toBe('run-1');
    expect(weightsRun(trained)).toBe('run-1');
    // Trained afresh (the weights left out), or weights from a file that names no run.
    expect(from({ ...model(), training: { run: 'run-1' } })).toBeNull();
    expect(from({ ...trained, weights: {} })).toBeNull();
    expect(from({ ...model(), weights: { out: { bias } } })).toBeNull();
    expect(from({ ...trained, training: { run: '../elsewhere' } })).toBeNull();
    expect(parseRunRecord(JSON.parse(JSON.stringify(recordOf({ model: trained }))))).toMatchObject({
      continuedFrom: 'run-1',
    });
  });

  it.each([
    ['stopped', null, { kind: 'stopped' }],
    [
      'diverged',
      'the loss became NaN at step 7',
      { kind: 'diverged', reason: 'the loss became NaN at step 7' },
    ],
    ['failed', 'out of memory', { kind: 'failed', reason: 'out of memory' }],
  ] as const)('records a run that %s', (reason, message, outcome) => {
    const run = recorder();
    run.receive(finished({ reason, message, test: null, confusion: null, step: 7 }));
    expect(run.ended).toBe(true);
    expect(run.record()).toMatchObject({ outcome, steps: 7, test: null, confusion: null });
    expect(parseRunRecord(run.record()).outcome).toEqual(outcome);
  });

  it('records a crashed worker as failed, with the time it had run', () => {
    const run = recorder();
    run.receive(progress(5, 1.5));
    run.crashed('the training worker crashed: out of memory');
    run.receive(finished());
    expect(run.record()).toMatchObject({
      outcome: { kind: 'failed', reason: 'the training worker crashed: out of memory' },
      seconds: 2.5,
      test: null,
    });
  });

  it('measures speed as images over the seconds they took, not as a mean of rates', () => {
    const run = recorder();
    run.receive(progress(10, 1, 100)); // 100 images in 1 s
    run.receive(progress(20, 1, 25)); // 100 images in 4 s
    expect(run.record().samplesPerSecond).toBe(40);
  });

  it('thins a long curve to at most MAX_CURVE_POINTS, step-weighted means of neighbours', () => {
    const run = recorder();
    for (let step = 1; step <= MAX_CURVE_POINTS + 1; step++) run.receive(progress(step, step % 2));
    const { curve } = run.record();
    expect(curve.step.length).toBe(MAX_CURVE_POINTS / 2 + 1);
    expect(curve.step.slice(0, 3)).toEqual([2, 4, 6]);
    expect(curve.loss.slice(0, 3)).toEqual([0.5, 0.5, 0.5]);
    expect(curve.step.at(-1)).toBe(MAX_CURVE_POINTS + 1);
  });
});

describe('newRunId', () => {
  it('starts with the start time, so ids sort as the runs started', () => {
    expect(newRunId(new Date('2025-01-02T10:30:05.250Z'), () => 0.5)).toBe(
      '20250102-103005-800000',
    );
    expect(newRunId(new Date('2025-01-02T10:30:05Z'), () => 0)).toBe('20250102-103005-000000');
  });
});

describe('parseRunRecord', () => {
  const good = recordOf();

  it.each([
    ['outcome', { kind: 'exploded' }, 'outcome.kind', /outcome\.kind: must be/],
    [
      'epochs.1.train.loss',
      'low',
      'epochs.1.train.loss',
      /epochs\.1\.train\.loss: must be number, got "low"/,
    ],
    ['test.accuracy', 1.5, 'test.accuracy', /test\.accuracy/],
    ['startedAt', 'yesterday', 'startedAt', /startedAt/],
    ['id', '../../etc', 'id', /id: must be a run id/],
    ['tags', ['a', 'a'], 'tags', /must not repeat a tag/],
    ['name', '   ', 'name', /name: must not be empty/],
    ['confusion', [1, 2, 3], 'confusion', /confusion: must hold classes × classes counts/],
    ['curve.loss', [1], 'curve', /as many losses and accuracies as steps/],
    ['params', undefined, 'params', /params: is required/],
    ['colour', 'red', 'colour', /colour: is not a known field/],
    ['model.weights', {}, 'model', /must not hold weights/],
    ['continuedFrom', 'a/b', 'continuedFrom', /continuedFrom: must be a run id/],
  ])('refuses a bad %s, naming the field', (path, value, field, message) => {
    const error = (() => {
      try {
        parseRunRecord(withField(good, path, value));
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a failure');
    })();
    expect(error).toBeInstanceOf(RunRecordError);
    expect((error as RunRecordError).field).toBe(field);
    expect((error as RunRecordError).message).toMatch(message);
  });

  it('says which versions it reads when the record is newer', () => {
    expect(() => parseRunRecord({ ...good, version: 3 })).toThrow(
      'version 3 is not one this version reads (it reads 1 and 2)',
    );
    expect(() => parseRunRecord({ ...good, format: 'cnn-studio/model' })).toThrow(
      'format must be "cnn-studio/run"',
    );
    expect(() => parseRunRecord([])).toThrow('a run record must be a JSON object');
  });

  it('reads a version 1 record as version 2, continued from no run', () => {
    const old = withField(withField(good, 'continuedFrom', undefined) as RunRecord, 'version', 1);
    expect(parseRunRecord(old)).toEqual({ ...good, continuedFrom: null });
    expect(() => parseRunRecord({ ...(old as object), continuedFrom: 'run-0' })).toThrow(
      'continuedFrom: is not a field of version 1',
    );
    expect(() => parseRunRecord(withField(good, 'continuedFrom', undefined))).toThrow(
      'continuedFrom: is required',
    );
  });

  it('reads settings a later version added, and keeps them', () => {
    const record = parseRunRecord(withField(good, 'settings.weightDecay', 0.01));
    expect(record.settings.weightDecay).toBe(0.01);
  });
});

describe('readRunTexts', () => {
  it('reports a corrupt record with its source and reads the others', () => {
    const other = recordOf({ id: 'run-2', name: 'Other' });
    const read = readRunTexts([
      { source: 'runs/a/run.json', text: JSON.stringify(recordOf()) },
      { source: 'runs/b/run.json', text: '{"format": "cnn-studio/run", "vers' },
      { source: 'runs/c/run.json', text: JSON.stringify({ ...other, steps: -1 }) },
      { source: 'runs/d/run.json', text: JSON.stringify(other) },
    ]);
    expect(read.runs.map((r) => r.name)).toEqual(['Tiny', 'Other']);
    expect(read.problems).toEqual([
      { source: 'runs/b/run.json', message: expect.stringMatching(/^not valid JSON: /) },
      { source: 'runs/c/run.json', message: 'steps: must be >=0, got -1' },
    ]);
  });
});
