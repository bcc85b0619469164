import { checkWhole } from '../checks';
import type { Dataset, Split } from '../datasets/dataset';
import { writeBatch, type Normalization } from '../datasets/normalize';
import { argmaxRows } from '../loss';
import type { Network } from '../network';
import type { Optimizer } from '../optim';
import type { Random } from '../random';
import { shiftBatch } from './augment';
import { Evaluation, type EvaluationResult, type Metrics } from './evaluate';
import { LossWatch } from './divergence';
import { augmentRandom, epochOrder } from './order';
import { CONSTANT, learningRateAt, type Schedule } from './schedule';
import { quote } from '../quote';

/** How far, in pixels, augmentation shifts an image each way. */
export const MAX_SHIFT = 2;

export interface TrainerOptions {
  /** Trained in place; any kernels (one thread or more) are the network's business. */
  network: Network;
  /** Its learningRate is set before every step from the schedule. */
  optimizer: Optimizer;
  dataset: Dataset;
  normalization: Normalization;
  epochs: number;
  batchSize: number;
  /** Seeds each epoch's shuffle and shifts. */
  seed: number;
  /** Defaults to the optimizer's learning rate. */
  baseLearningRate?: number;
  schedule?: Schedule;
  /** Random shifts of up to ±MAX_SHIFT pixels. */
  augment?: boolean;
  /** Images per inference batch in validation and test (default 256, fewer where memory is short). */
  evaluationBatchSize?: number;
  /**
   * Evaluates the test set at the end of every epoch too (its confusion matrix after each epoch),
   * batch by batch like validation; the `epoch` event waits for it. The last epoch's test result
   * comes with `finished` either way.
   */
  testEachEpoch?: boolean;
}

export type TrainerPhase = 'train' | 'validation' | 'epochTest' | 'test' | 'done';

/** The weights at the end of an epoch (epoch 0: before training). */
export interface Checkpoint {
  epoch: number;
  parameters: Float32Array;
  state: Float32Array;
}

/** What one `advance()` did. Epochs and steps are counted from 1. */
export type TrainerEvent =
  | {
      type: 'step';
      step: number;
      epoch: number;
      /** Batch-mean loss. */
      loss: number;
      /** Images of the batch classified right, and the batch size. */
      correct: number;
      samples: number;
      learningRate: number;
    }
  | { type: 'evaluating'; phase: 'validation' | 'test'; evaluated: number; total: number }
  | {
      type: 'epoch';
      epoch: number;
      train: Metrics;
      validation: Metrics | null;
      /** The test set at this epoch's end, with testEachEpoch (null after the last epoch). */
      test: EvaluationResult | null;
    }
  | { type: 'finished'; reason: 'completed' | 'stopped'; test: EvaluationResult }
  | { type: 'diverged'; step: number; epoch: number; message: string };

type EpochEvent = Extract<TrainerEvent, { type: 'epoch' }>;

/**
 * The training loop as a state machine: each `advance()` does one small unit of work (one
 * optimizer step or one inference batch) and says what it did, so a caller can pause, stop or
 * change the learning rate between any two steps. The same seed gives bit-identical weights
 * however the work is chunked.
 */
export class Trainer {
  readonly epochs: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Whether the next steps shift their images. */
  augment: boolean;

  private readonly network: Network;
  private readonly optimizer: Optimizer;
  private readonly dataset: Dataset;
  private readonly normalization: Normalization;
  private readonly seed: number;
  private readonly schedule: Schedule;
  private readonly evaluationBatchSize: number;
  private readonly imageShape: [number, number, number];
  private base: number;

  private currentPhase: TrainerPhase = 'train';
  private stepCount = 0;
  private epochIndex = 0;
  private stepInEpoch = 0;
  private order: Uint32Array = new Uint32Array(0);
  private shifts: Random | null = null;
  private epochTotals = { loss: 0, correct: 0, samples: 0 };
  private evaluation: Evaluation | null = null;
  private stopped = false;
  private readonly testEachEpoch: boolean;
  /** An epoch's event, held while its test evaluation runs. */
  private pendingEpoch: EpochEvent | null = null;
  private readonly saved: Checkpoint[] = [];
  /** Says when the loss diverges. */
  private readonly watch: LossWatch;
  /**
   * The weights (and running statistics) of the last step whose loss was no higher than at the
   * start: what a diverged run goes back to (the steps after it led into the divergence).
   */
  private readonly good: {
    parameters: Float32Array;
    state: Float32Array;
    loss: number;
    step: number;
  };

  // Buffers allocated once: the batch [B, C, H, W], its labels and predictions [B], one image plane.
  private readonly input: Float32Array;
  private readonly labels: Int32Array;
  private readonly predicted: Int32Array;
  private readonly scratch: Float32Array;

  constructor(options: TrainerOptions) {
    const { network, dataset, epochs, batchSize } = options;
    checkWhole('epochs', epochs);
    checkWhole('batchSize', batchSize);
    const requestedEvaluation = options.evaluationBatchSize ?? 256;
    checkWhole('evaluationBatchSize', requestedEvaluation);
    const expected = [1, dataset.height, dataset.width];
    if (network.inputShape.join('×') !== expected.join('×')) {
      throw new RangeError(
        `the model's input is ${network.inputShape.join('×')} but ${dataset.name} images are ${expected.join('×')}`,
      );
    }
    if (network.outputShape.length !== 1 || network.outputSize !== dataset.classes.length) {
      throw new RangeError(
        `the model's output is ${network.outputShape.join('×')} but ${dataset.name} has ${dataset.classes.length} classes`,
      );
    }
    if (dataset.train.count === 0) throw new RangeError(`${dataset.name} has no training images`);
    // All the memory training needs, before any of it is used; evaluation takes batches as large
    // as fit beside it (the size of an inference batch does not change its results).
    network.prepare({ trainingBatch: batchSize, optimizer: options.optimizer.stateSize });
    const evaluationBatchSize = Math.min(requestedEvaluation, network.largestBatch());
    network.prepare({ batch: evaluationBatchSize });

    this.network = network;
    this.optimizer = options.optimizer;
    this.dataset = dataset;
    this.normalization = options.normalization;
    this.seed = options.seed;
    this.schedule = options.schedule ?? CONSTANT;
    this.augment = options.augment ?? false;
    this.testEachEpoch = options.testEachEpoch ?? false;
    this.base = options.baseLearningRate ?? options.optimizer.learningRate;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.evaluationBatchSize = evaluationBatchSize;
    this.imageShape = [1, dataset.height, dataset.width];
    // The last partial batch is kept (torch's drop_last=False), so every image is seen each epoch.
    this.stepsPerEpoch = Math.ceil(dataset.train.count / batchSize);
    this.totalSteps = this.stepsPerEpoch * epochs;

    this.input = new Float32Array(batchSize * network.inputSize);
    this.labels = new Int32Array(batchSize);
    this.predicted = new Int32Array(batchSize);
    this.scratch = new Float32Array(dataset.height * dataset.width);
    this.watch = new LossWatch(dataset.classes.length);
    this.good = {
      parameters: network.parameters.slice(),
      state: network.state.slice(),
      loss: NaN,
      step: 0,
    };
    this.saved.push({
      epoch: 0,
      parameters: this.good.parameters.slice(),
      state: this.good.state.slice(),
    });
  }

  get phase(): TrainerPhase {
    return this.currentPhase;
  }

  get done(): boolean {
    return this.currentPhase === 'done';
  }

  /** Optimizer steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /** Epochs completed (validated and checkpointed). */
  get completedEpochs(): number {
    return this.epochIndex;
  }

  /** The rate the schedule scales; changing it takes effect from the next step. */
  get baseLearningRate(): number {
    return this.base;
  }

  set baseLearningRate(value: number) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new RangeError(`learningRate must be a finite number > 0, got ${value}`);
    }
    this.base = value;
  }

  /** The rate the next step will use. */
  get learningRate(): number {
    return learningRateAt(this.schedule, this.base, this.stepCount, this);
  }

  /** Epoch 0 (the initial weights) and every completed epoch, oldest first. */
  get checkpoints(): readonly Checkpoint[] {
    return this.saved;
  }

  /** A view of one weight tensor as it was at the end of epoch `epoch`. */
  tensorAt(epoch: number, nodeId: string, name: string): Float32Array {
    const checkpoint = this.saved.find((c) => c.epoch === epoch);
    if (!checkpoint) {
      throw new RangeError(
        `no checkpoint for epoch ${epoch}; epochs 0..${this.epochIndex} are kept`,
      );
    }
    const slot = this.network.slots.find((s) => s.nodeId === nodeId && s.name === name);
    if (!slot) throw new RangeError(`node ${quote(nodeId)} has no tensor ${quote(name)}`);
    const source = slot.trainable ? checkpoint.parameters : checkpoint.state;
    return source.subarray(slot.offset, slot.offset + slot.size);
  }

  /** Ends training early; the test set is still evaluated, so the run finishes normally. */
  stop(): void {
    if (this.currentPhase === 'test' || this.currentPhase === 'done') return;
    this.stopped = true;
    // An epoch's test evaluation under way is at the final weights already: it becomes the test.
    if (this.currentPhase !== 'epochTest') this.beginTest();
  }

  /** Does one unit of work. */
  advance(): TrainerEvent {
    switch (this.currentPhase) {
      case 'train':
        return this.trainStep();
      case 'validation':
        return this.validationStep();
      case 'epochTest':
        return this.epochTestStep();
      case 'test':
        return this.testStep();
      case 'done':
        throw new Error('training has finished');
    }
  }

  private trainStep(): TrainerEvent {
    const { network, dataset, batchSize } = this;
    if (this.stepInEpoch === 0) {
      this.order = epochOrder(dataset.train.count, this.seed, this.epochIndex);
      this.shifts = augmentRandom(this.seed, this.epochIndex);
      this.epochTotals = { loss: 0, correct: 0, samples: 0 };
    }
    const start = this.stepInEpoch * batchSize;
    const count = Math.min(batchSize, dataset.train.count - start);
    const input =
      count === batchSize ? this.input : this.input.subarray(0, count * network.inputSize);
    writeBatch(dataset.train, this.normalization, this.order, start, count, input);
    if (this.augment) {
      const fill = -this.normalization.mean / this.normalization.std;
      shiftBatch(input, count, this.imageShape, MAX_SHIFT, fill, this.shifts!, this.scratch);
    }
    for (let i = 0; i < count; i++) this.labels[i] = dataset.train.labels[this.order[start + i]];

    const learningRate = this.learningRate;
    this.optimizer.learningRate = learningRate;
    network.zeroGradients();
    const scores = network.forward(input, count, true);
    argmaxRows(scores, count, network.outputSize, this.predicted);
    const loss = network.backward(this.labels, count);
    this.stepCount++;
    const verdict = this.watch.observe(loss);
    if (verdict.diverged) return this.diverge(verdict.how, verdict.why);
    if (verdict.atOrBelowStart) {
      this.good.parameters.set(network.parameters);
      this.good.state.set(network.state);
      this.good.loss = loss;
      this.good.step = this.stepCount;
    }
    this.optimizer.update(network.parameters, network.gradients);

    let correct = 0;
    for (let i = 0; i < count; i++) if (this.predicted[i] === this.labels[i]) correct++;
    this.epochTotals.loss += loss * count;
    this.epochTotals.correct += correct;
    this.epochTotals.samples += count;
    this.stepInEpoch++;
    if (this.stepInEpoch === this.stepsPerEpoch) {
      this.currentPhase = 'validation';
      this.evaluation = this.newEvaluation(dataset.validation);
    }
    return {
      type: 'step',
      step: this.stepCount,
      epoch: this.epochIndex + 1,
      loss,
      correct,
      samples: count,
      learningRate,
    };
  }

  /** `how` the loss diverged, as the words after "the loss", and `why` that counts as such. */
  private diverge(how: string, why: string | null): TrainerEvent {
    // The weights that gave this loss are the problem; go back to the last good ones.
    const { good } = this;
    this.network.parameters.set(good.parameters);
    this.network.state.set(good.state);
    this.currentPhase = 'done';
    const step = this.stepCount;
    const epoch = this.epochIndex + 1;
    const kept =
      good.step === 0
        ? 'the initial weights were kept'
        : `the weights of step ${good.step} (loss ${good.loss.toPrecision(4)}) were kept`;
    return {
      type: 'diverged',
      step,
      epoch,
      message: `training stopped: the loss ${how} at step ${step} (epoch ${epoch})${why ? `: ${why}` : ''}; ${kept}. Try a lower learning rate.`,
    };
  }

  /** One more batch of the evaluation under way: its progress while batches remain, else null. */
  private evaluateBatch(phase: 'validation' | 'test'): TrainerEvent | null {
    const evaluation = this.evaluation!;
    if (!evaluation.done) evaluation.next();
    if (evaluation.done) return null;
    const { evaluated, total } = evaluation;
    return { type: 'evaluating', phase, evaluated, total };
  }

  private validationStep(): TrainerEvent {
    const progress = this.evaluateBatch('validation');
    if (progress) return progress;
    const evaluation = this.evaluation!;
    const { loss, correct, samples } = this.epochTotals;
    const train: Metrics = {
      loss: loss / samples,
      accuracy: correct / samples,
      correct,
      count: samples,
    };
    const validation = evaluation.metrics();
    this.epochIndex++;
    this.stepInEpoch = 0;
    this.saved.push({
      epoch: this.epochIndex,
      parameters: this.network.parameters.slice(),
      state: this.network.state.slice(),
    });
    const event: EpochEvent = {
      type: 'epoch',
      epoch: this.epochIndex,
      train,
      validation: validation.count > 0 ? validation : null,
      test: null,
    };
    if (this.epochIndex === this.epochs) {
      this.beginTest();
      return event;
    }
    if (!this.testEachEpoch) {
      this.currentPhase = 'train';
      return event;
    }
    this.pendingEpoch = event;
    this.currentPhase = 'epochTest';
    this.evaluation = this.newEvaluation(this.dataset.test);
    return this.epochTestStep();
  }

  private epochTestStep(): TrainerEvent {
    const progress = this.evaluateBatch('test');
    if (progress) return progress;
    const event: EpochEvent = { ...this.pendingEpoch!, test: this.evaluation!.result() };
    this.pendingEpoch = null;
    // Stopped meanwhile: this evaluation is the run's test, which the next step reports.
    if (this.stopped) this.currentPhase = 'test';
    else {
      this.currentPhase = 'train';
      this.evaluation = null;
    }
    return event;
  }

  private testStep(): TrainerEvent {
    const progress = this.evaluateBatch('test');
    if (progress) return progress;
    const evaluation = this.evaluation!;
    this.currentPhase = 'done';
    this.evaluation = null;
    return {
      type: 'finished',
      reason: this.stopped ? 'stopped' : 'completed',
      test: evaluation.result(),
    };
  }

  private beginTest(): void {
    this.currentPhase = 'test';
    this.evaluation = this.newEvaluation(this.dataset.test);
  }

  private newEvaluation(split: Split): Evaluation {
    return new Evaluation(this.network, split, this.normalization, this.evaluationBatchSize);
  }
}
