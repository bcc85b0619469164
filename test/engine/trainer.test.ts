import { describe, expect, it } from 'vitest';
import {
  generateShapes,
  SCALE,
  SHAPE_CLASSES,
  writeBatch,
  type Dataset,
  type Normalization,
} from '../../src/engine/datasets';
import {
  createNetwork,
  createOptimizer,
  parseModel,
  type KernelName,
  type ModelDocument,
  type OptimizerType,
} from '../../src/engine/index';
import {
  epochOrder,
  learningRateAt,
  MAX_SHIFT,
  parseSchedule,
  shiftBatch,
  shiftImage,
  Trainer,
  type Schedule,
  type TrainerEvent,
  type TrainerOptions,
} from '../../src/engine/train';
import { Random } from '../../src/engine/random';
import { chain, shapesConvnet } from './models';

// The trainer on small synthetic shapes sets: learning, chunking, stopping, divergence, seeds.

const SIZE = 12;

function shapes(train: number, validation: number, test: number): Dataset {
  return {
    name: 'shapes',
    classes: [...SHAPE_CLASSES],
    channels: 1,
    height: SIZE,
    width: SIZE,
    train: generateShapes({ seed: 1, count: train, size: SIZE }),
    validation: generateShapes({ seed: 2, count: validation, size: SIZE }),
    test: generateShapes({ seed: 3, count: test, size: SIZE }),
  };
}

const small = shapes(480, 100, 200);

/** A trainer on `small` with the shapes convnet, Adam at 0.01, 2 epochs of 32; `rest` overrides. */
function trainer({
  optimizer = 'adam',
  learningRate = 0.01,
  document = shapesConvnet(SIZE),
  seed = 1,
  kernels,
  ...rest
}: Partial<Omit<TrainerOptions, 'network' | 'optimizer'>> & {
  optimizer?: OptimizerType;
  learningRate?: number;
  document?: ModelDocument;
  kernels?: KernelName;
} = {}): Trainer {
  const network = createNetwork(parseModel(document), { seed, kernels });
  return new Trainer({
    network,
    optimizer: createOptimizer(optimizer, network.parameters.length, { learningRate }),
    dataset: small,
    normalization: SCALE,
    epochs: 2,
    batchSize: 32,
    seed,
    ...rest,
  });
}

function runAll(t: Trainer): TrainerEvent[] {
  const events: TrainerEvent[] = [];
  while (!t.done) events.push(t.advance());
  return events;
}

function parametersOf(t: Trainer): Float32Array {
  return (t as unknown as { network: { parameters: Float32Array } }).network.parameters;
}

describe('Trainer on synthetic shapes', () => {
  it('learns: loss falls, test accuracy ≥ 90 %, confusion and checkpoints add up', () => {
    const t = trainer({ dataset: shapes(800, 100, 200), epochs: 6 });
    const events = runAll(t);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(epochs[5].train.loss).toBeLessThan(epochs[0].train.loss / 2);
    expect(epochs[5].validation!.count).toBe(100);
    const finished = events[events.length - 1];
    if (finished.type !== 'finished') throw new Error('expected finished');
    expect(finished.reason).toBe('completed');
    expect(finished.test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(finished.test.count).toBe(200);
    expect(finished.test.confusion.reduce((a, b) => a + b, 0)).toBe(200);
    let diagonal = 0;
    for (let k = 0; k < 4; k++) diagonal += finished.test.confusion[k * 4 + k];
    expect(diagonal).toBe(finished.test.correct);
    expect(t.checkpoints.map((c) => c.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(t.step).toBe(6 * 25);
  });

  it('keeps the last partial batch: 480 images in batches of 100 are 5 steps of 100,100,100,100,80', () => {
    const t = trainer({ batchSize: 100, epochs: 1 });
    const steps = runAll(t).filter((e) => e.type === 'step');
    expect(steps.map((s) => s.samples)).toEqual([100, 100, 100, 100, 80]);
    expect(t.stepsPerEpoch).toBe(5);
  });

  it('gives bit-identical weights for the same seed however the work is chunked', () => {
    const straight = trainer({ augment: true });
    runAll(straight);
    const chunked = trainer({ augment: true });
    // Irregular chunks with reads in between, as the worker does between timer ticks.
    let n = 0;
    while (!chunked.done) {
      for (let i = 0; i < (n++ % 3) + 1 && !chunked.done; i++) chunked.advance();
      void chunked.learningRate;
    }
    expect(parametersOf(chunked)).toEqual(parametersOf(straight));
    const other = trainer({ augment: true, seed: 2 });
    runAll(other);
    expect(parametersOf(other)).not.toEqual(parametersOf(straight));
  });

  it('stops between steps: the test set is still evaluated and the run finishes as stopped', () => {
    const t = trainer();
    for (let i = 0; i < 5; i++) expect(t.advance().type).toBe('step');
    t.stop();
    expect(t.phase).toBe('test');
    const rest = runAll(t);
    expect(rest.some((e) => e.type === 'step')).toBe(false);
    const last = rest[rest.length - 1];
    expect(last.type === 'finished' && last.reason).toBe('stopped');
    expect(last.type === 'finished' && last.test.count).toBe(200);
    expect(t.step).toBe(5);
    expect(t.checkpoints.map((c) => c.epoch)).toEqual([0]);
  });

  it('with testEachEpoch, every epoch but the last carries the test set at its end, batch by batch', () => {
    const t = trainer({ epochs: 3, testEachEpoch: true, evaluationBatchSize: 64 });
    const events = runAll(t);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.test?.count ?? null)).toEqual([200, 200, null]);
    // 200 test images in batches of 64: three 'evaluating' events, then the epoch event.
    const firstEpoch = events.findIndex((e) => e.type === 'epoch');
    expect(events.slice(firstEpoch - 3, firstEpoch)).toEqual(
      [64, 128, 192].map((evaluated) => ({
        type: 'evaluating',
        phase: 'test',
        evaluated,
        total: 200,
      })),
    );
    // The same numbers as evaluating epoch 1's checkpoint afresh.
    const finished = runAll(trainer({ epochs: 1, evaluationBatchSize: 64 })).at(-1)!;
    expect(finished.type === 'finished' && finished.test).toEqual(epochs[0].test);
    // The extra evaluation changes no weight.
    const plain = trainer({ epochs: 3 });
    runAll(plain);
    expect(parametersOf(t)).toEqual(parametersOf(plain));
  });

  it("stopped during an epoch's test evaluation, that evaluation is the run's test", () => {
    const t = trainer({ epochs: 3, testEachEpoch: true, evaluationBatchSize: 64 });
    let event = t.advance();
    while (event.type !== 'evaluating' || event.phase !== 'test') event = t.advance();
    t.stop();
    const rest = runAll(t);
    expect(rest.map((e) => e.type)).toEqual(['evaluating', 'evaluating', 'epoch', 'finished']);
    const [epoch, finished] = rest.slice(2);
    if (epoch.type !== 'epoch' || finished.type !== 'finished')
      throw new Error('unexpected events');
    expect(finished.reason).toBe('stopped');
    expect(finished.test).toEqual(epoch.test);
    expect(t.completedEpochs).toBe(1);
  });

  it('changes the learning rate between steps', () => {
    const t = trainer({ learningRate: 0.01 });
    const first = t.advance();
    t.baseLearningRate = 0.002;
    const second = t.advance();
    expect(first.type === 'step' && first.learningRate).toBe(0.01);
    expect(second.type === 'step' && second.learningRate).toBe(0.002);
    expect(() => (t.baseLearningRate = 0)).toThrow(/learningRate must be a finite number > 0/);
  });

  it('stops on a non-finite loss with a clear message and keeps the last good weights', () => {
    // On the reference, whose sums in JavaScript numbers overflow float32 to ±Infinity after a
    // step of 1e30: float32 sums (the WebAssembly kernels) may meet +∞ + −∞ first, a NaN that
    // the next ReLU turns into 0, and train on with huge but finite losses.
    const t = trainer({ optimizer: 'sgd', learningRate: 0.05, kernels: 'reference' });
    for (let i = 0; i < 4; i++) t.advance();
    t.baseLearningRate = 1e30;
    const before: Float32Array[] = [];
    let event: TrainerEvent;
    do {
      before.push(parametersOf(t).slice());
      event = t.advance();
    } while (event.type === 'step');
    if (event.type !== 'diverged') throw new Error(`expected diverged, got ${event.type}`);
    expect(t.done).toBe(true);
    expect(event.message).toMatch(/the loss became (NaN|Infinity) at step \d+ \(epoch 1\)/);
    expect(event.message).toMatch(/the weights of step \d+ \(loss [\d.]+\) were kept/);
    // The weights in use at the last step whose loss was finite: those before the diverging one's.
    const kept = before[before.length - 2];
    expect(parametersOf(t)).toEqual(kept);
    expect(parametersOf(t).every(Number.isFinite)).toBe(true);
    expect(() => t.advance()).toThrow(/finished/);
  });

  it('stops on a loss that explodes while still finite, keeping weights that predict finite values', () => {
    const network = createNetwork(parseModel(shapesConvnet(SIZE)), { seed: 1 });
    const t = new Trainer({
      network,
      optimizer: createOptimizer('adam', network.parameters.length, { learningRate: 0.01 }),
      dataset: small,
      normalization: SCALE,
      epochs: 2,
      batchSize: 32,
      seed: 1,
    });
    for (let i = 0; i < 4; i++) t.advance();
    t.baseLearningRate = 3;
    // before[i]: the weights step 5 + i trains from.
    const before: Float32Array[] = [];
    let event: TrainerEvent;
    do {
      before.push(network.parameters.slice());
      event = t.advance();
    } while (event.type === 'step');
    if (event.type !== 'diverged') throw new Error(`expected diverged, got ${event.type}`);
    const message =
      /^training stopped: the loss exploded at step (\d+) \(epoch 1\): its mean over the last \d+ steps, ([\d.e+]+), is more than 10 times the ([\d.]+) it started at; the weights of step (\d+) \(loss ([\d.]+)\) were kept\. Try a lower learning rate\.$/;
    const [, step, mean, start, keptStep, keptLoss] = message.exec(event.message) ?? [];
    expect(event.message).toMatch(message);
    expect(Number(step)).toBe(event.step);
    expect(Number(mean)).toBeGreaterThan(10 * Number(start));
    expect(Number(keptLoss)).toBeLessThanOrEqual(Number(start));
    expect(Number.isFinite(Number(mean))).toBe(true);
    expect(t.done).toBe(true);
    // The weights kept are those step `keptStep` trained from, and they predict finite scores.
    expect(network.parameters).toEqual(before[Number(keptStep) - 5]);
    const image = new Float32Array(network.inputSize);
    writeBatch(small.test, SCALE, new Uint32Array([0]), 0, 1, image);
    const scores = network.predict(image, 1);
    expect(scores).toHaveLength(4);
    expect(scores.every(Number.isFinite)).toBe(true);
  });

  it('serves kernels of any kept epoch', () => {
    const t = trainer({ epochs: 1 });
    const initial = t.tensorAt(0, 'c1', 'weight').slice();
    runAll(t);
    expect(t.tensorAt(0, 'c1', 'weight')).toEqual(initial);
    expect(t.tensorAt(1, 'c1', 'weight')).not.toEqual(initial);
    expect(t.tensorAt(1, 'c1', 'weight').length).toBe(6 * 9);
    expect(() => t.tensorAt(2, 'c1', 'weight')).toThrow(/no checkpoint for epoch 2/);
  });

  it('refuses a model that does not fit the dataset, naming both sizes', () => {
    const wide = chain([1, 8, 8], [{ type: 'flatten' }, { type: 'dense', params: { units: 4 } }]);
    expect(() => trainer({ document: wide })).toThrow(
      "the model's input is 1×8×8 but shapes images are 1×12×12",
    );
    const tenClasses = chain(
      [1, SIZE, SIZE],
      [{ type: 'flatten' }, { type: 'dense', params: { units: 10 } }],
    );
    expect(() => trainer({ document: tenClasses })).toThrow(
      /output is 10 but shapes has 4 classes/,
    );
  });

  it('evaluates a softmax-ended model with the negative log-likelihood of its probabilities', () => {
    const softmaxHead = chain(
      [1, SIZE, SIZE],
      [{ type: 'flatten' }, { type: 'dense', params: { units: 4, activation: 'softmax' } }],
    );
    const t = trainer({ document: softmaxHead, epochs: 1 });
    const epoch = runAll(t).find((e) => e.type === 'epoch');
    if (epoch?.type !== 'epoch') throw new Error('expected an epoch');
    expect(epoch.validation!.loss).toBeGreaterThan(0);
    expect(epoch.validation!.loss).toBeLessThan(Math.log(4) * 2);
  });
});

describe('learning-rate schedules', () => {
  const plan = { stepsPerEpoch: 3, totalSteps: 9 };
  const rates = (schedule: Schedule) =>
    Array.from({ length: 9 }, (_, step) => learningRateAt(schedule, 0.1, step, plan));

  it('constant, with and without warm-up', () => {
    expect(rates(parseSchedule({ type: 'constant' }))).toEqual(new Array(9).fill(0.1));
    expect(rates(parseSchedule({ type: 'constant', warmupSteps: 4 }))).toEqual([
      0.1 * 0.25,
      0.1 * 0.5,
      0.1 * 0.75,
      0.1,
      0.1,
      0.1,
      0.1,
      0.1,
      0.1,
    ]);
  });

  it('step: gamma once per everyEpochs epochs', () => {
    const schedule = parseSchedule({ type: 'step', everyEpochs: 1, gamma: 0.5 });
    expect(rates(schedule)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    expect(rates(parseSchedule({ type: 'step', everyEpochs: 2 }))).toEqual([
      0.1,
      0.1,
      0.1,
      0.1,
      0.1,
      0.1,
      0.1 * 0.1,
      0.1 * 0.1,
      0.1 * 0.1,
    ]);
  });

  it('cosine: half a cosine after the warm-up, down towards minFactor × base', () => {
    const cosine = (t: number, span: number, m = 0) =>
      0.1 * (m + ((1 - m) * (1 + Math.cos((Math.PI * t) / span))) / 2);
    expect(rates(parseSchedule({ type: 'cosine' }))).toEqual(
      Array.from({ length: 9 }, (_, t) => cosine(t, 9)),
    );
    // Warm-up reaches the base rate at step 2; the cosine then runs over the other 6 steps.
    expect(rates(parseSchedule({ type: 'cosine', warmupSteps: 3, minFactor: 0.1 }))).toEqual([
      0.1 * (1 / 3) * (0.1 + (0.9 * 2) / 2),
      0.1 * (2 / 3) * (0.1 + (0.9 * 2) / 2),
      0.1,
      ...Array.from({ length: 6 }, (_, t) => cosine(t, 6, 0.1)),
    ]);
    expect(learningRateAt(parseSchedule({ type: 'cosine' }), 0.1, 0, plan)).toBe(0.1);
  });

  it('rejects bad settings, naming them', () => {
    expect(() => parseSchedule({ type: 'cosine', minFactor: 2 })).toThrow(/schedule minFactor/);
    expect(() => parseSchedule({ type: 'linear' })).toThrow(/schedule type/);
    expect(() => parseSchedule({ type: 'step', gamma: 0.5, every: 2 })).toThrow(/schedule every/);
  });
});

describe('augmentation by shifts', () => {
  // A 3×4 image with distinct values 1..12.
  const image = () => Float32Array.from({ length: 12 }, (_, i) => i + 1);
  const scratch = new Float32Array(12);

  it('moves the image by dy rows and dx columns, filling what is vacated', () => {
    const down1right2 = image();
    shiftImage(down1right2, 0, 1, 3, 4, 1, 2, -1, scratch);
    expect(Array.from(down1right2)).toEqual([-1, -1, -1, -1, -1, -1, 1, 2, -1, -1, 5, 6]);
    const upLeft = image();
    shiftImage(upLeft, 0, 1, 3, 4, -2, -1, 0, scratch);
    expect(Array.from(upLeft)).toEqual([10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const still = image();
    shiftImage(still, 0, 1, 3, 4, 0, 0, 0, scratch);
    expect(still).toEqual(image());
  });

  it('shifts each image of a batch by its own draw within ±MAX_SHIFT', () => {
    const batch = new Float32Array(24);
    batch.set(image(), 0);
    batch.set(image(), 12);
    const random = new Random(5);
    shiftBatch(batch, 2, [1, 3, 4], MAX_SHIFT, 0, random, scratch);
    const replay = new Random(5);
    for (let i = 0; i < 2; i++) {
      const dy = replay.int(5) - 2;
      const dx = replay.int(5) - 2;
      const expected = image();
      shiftImage(expected, 0, 1, 3, 4, dy, dx, 0, scratch);
      expect(batch.subarray(i * 12, i * 12 + 12)).toEqual(expected);
    }
  });

  it('fills with the background of the normalisation', () => {
    const normalization: Normalization = { kind: 'standardize', mean: 0.1, std: 0.5 };
    const t = trainer({ normalization, augment: true, epochs: 1 });
    expect(t.augment).toBe(true);
    expect(runAll(t).some((e) => e.type === 'finished')).toBe(true);
  });
});

describe('epoch order', () => {
  it('is a permutation fixed by seed and epoch', () => {
    const a = epochOrder(50, 1, 0);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(50, 1, 0)).toEqual(a);
    expect(epochOrder(50, 1, 1)).not.toEqual(a);
    expect(epochOrder(50, 2, 0)).not.toEqual(a);
  });
});
