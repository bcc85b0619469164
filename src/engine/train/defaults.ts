import type { DatasetName, NormalizationKind } from '../datasets';
import type { OptimizerType } from '../optim';
import type { Schedule } from './schedule';

/** An optimizer's type and the settings it is given (the engine optimizer fills in the rest). */
export type OptimizerChoice = {
  readonly type: OptimizerType;
  readonly learningRate: number;
} & Readonly<Record<string, number | boolean | string>>;

/** Every training setting, as a run uses it when neither the command nor the document says. */
export interface TrainingDefaults {
  readonly dataset: DatasetName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly optimizer: OptimizerChoice;
  readonly schedule: Schedule;
  /** Random shifts of ±2 pixels while training. */
  readonly augment: boolean;
  readonly normalization: NormalizationKind;
  /** Compute threads asked for. */
  readonly threads: number;
}

/** The dataset a document trains on when it names none. */
export const DEFAULT_DATASET: DatasetName = 'mnist';

interface DatasetRow {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerType;
  /** Each optimizer's base rate on this dataset, so that switching optimizer keeps a good one. */
  learningRate: Readonly<Record<OptimizerType, number>>;
  schedule: Schedule;
}

/**
 * How each bundled dataset trains LeNet-sized models well: one table for the training worker (the
 * app and `npm run train`), the Train form and the exported train.py. MNIST: SGD with Nesterov
 * momentum and a cosine schedule reaches 98.5–98.7 % test accuracy on LeNet-5 in one epoch at
 * batch 64, where Adam at a constant 0.001 stays near 98.0 %. The small sets train for more
 * epochs with Adam at a constant rate.
 */
const TABLE: Readonly<Record<DatasetName, DatasetRow>> = {
  mnist: {
    epochs: 1,
    batchSize: 64,
    optimizer: 'sgd',
    learningRate: { sgd: 0.05, adam: 0.001, adamw: 0.001 },
    schedule: { type: 'cosine', minFactor: 0, warmupSteps: 200 },
  },
  digits: {
    epochs: 30,
    batchSize: 32,
    optimizer: 'adam',
    learningRate: { sgd: 0.05, adam: 0.003, adamw: 0.003 },
    schedule: { type: 'constant', warmupSteps: 0 },
  },
  shapes: {
    epochs: 4,
    batchSize: 32,
    optimizer: 'adam',
    learningRate: { sgd: 0.05, adam: 0.002, adamw: 0.002 },
    schedule: { type: 'constant', warmupSteps: 0 },
  },
};

/** SGD's momentum whatever the dataset; Adam and AdamW keep the engine's (torch's) own settings. */
const SGD_MOMENTUM = { momentum: 0.9, nesterov: true } as const;

/** `type` with its settings for `dataset`: what a run takes when it switches to that optimizer. */
export function optimizerDefaultsFor(dataset: DatasetName, type: OptimizerType): OptimizerChoice {
  const learningRate = TABLE[dataset].learningRate[type];
  return type === 'sgd' ? { type, learningRate, ...SGD_MOMENTUM } : { type, learningRate };
}

/** Every setting a run on `dataset` takes when nothing else says. */
export function defaultsFor(dataset: DatasetName = DEFAULT_DATASET): TrainingDefaults {
  const row = TABLE[dataset];
  return {
    dataset,
    epochs: row.epochs,
    batchSize: row.batchSize,
    seed: 1,
    optimizer: optimizerDefaultsFor(dataset, row.optimizer),
    schedule: row.schedule,
    augment: false,
    normalization: 'standardize',
    // Both cores of a laptop; the kernels take no more than the machine has.
    threads: 2,
  };
}

/** One divergence rule: the mean of the last `steps` losses is above `factor` × the start. */
export interface DivergenceLimit {
  readonly steps: number;
  readonly factor: number;
}

/** When a run counts as diverged: its loss is compared with where it started. */
export interface DivergenceLimits {
  /** A blow-up, checked from the second step on (a mean over fewer steps until there are enough). */
  readonly explosion: DivergenceLimit;
  /** A climb that lasts, checked once there are `steps` steps. */
  readonly climb: DivergenceLimit;
}

/**
 * The divergence check's thresholds, for the app and `npm run train` alike. The start is the
 * first step's loss, or ln(classes) (the loss of a uniform guess) where that is higher, so a
 * lucky first batch cannot make the limits tight. Both rules average many steps and sit far above
 * anything a healthy run shows: every template in examples/ trained with its defaults peaks at
 * 1.2 times its start over 10 steps (AlexNet-mini, in its first steps), while LeNet-5 at a
 * learning rate of 10 averages 10.7 times its start by step 14, and its loss reaches 1e24 on a
 * constant schedule. A loss that is not finite stops the run at once.
 */
export const DIVERGENCE_LIMITS: DivergenceLimits = {
  explosion: { steps: 10, factor: 10 },
  climb: { steps: 50, factor: 2 },
};
