// The train panel's form: every field as typed (strings, so a half-typed number is not lost), each
// checked with a sentence that says what is wrong, and the worker settings built from them.
// Switching dataset brings that dataset's defaults for epochs, batch size and learning rate.

import type { DatasetName } from '../../../engine/datasets';
import {
  DATASET_NAMES,
  OPTIMIZER_TYPES,
  type OptimizerType,
  type TrainingSettings,
} from '../../../worker/protocol';
import { DATASETS } from '../datasets';

const SCHEDULE_TYPES = ['constant', 'step', 'cosine'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** The form's values, as the inputs hold them. */
export interface FormValues {
  dataset: DatasetName;
  epochs: string;
  batchSize: string;
  optimizer: OptimizerType;
  learningRate: string;
  momentum: string;
  nesterov: boolean;
  beta1: string;
  beta2: string;
  weightDecay: string;
  schedule: ScheduleType;
  warmupSteps: string;
  everyEpochs: string;
  gamma: string;
  minFactor: string;
  augment: boolean;
  seed: string;
  threads: string;
}

export type FieldName = keyof FormValues;
/** The fields typed as text: every number. */
type NumberFieldName = { [K in FieldName]: string extends FormValues[K] ? K : never }[FieldName];
export type Issues = Partial<Record<FieldName, string>>;

export function defaultValues(dataset: DatasetName = 'mnist'): FormValues {
  const { defaults } = DATASETS[dataset];
  return {
    dataset,
    epochs: String(defaults.epochs),
    batchSize: String(defaults.batchSize),
    optimizer: 'adam',
    learningRate: String(defaults.learningRate.adam),
    momentum: '0.9',
    nesterov: false,
    beta1: '0.9',
    beta2: '0.999',
    weightDecay: '0',
    schedule: 'constant',
    warmupSteps: '0',
    everyEpochs: '1',
    gamma: '0.5',
    minFactor: '0',
    augment: false,
    seed: '1',
    threads: '2',
  };
}

/** The values a document's `training` records (what trained it, or what its author chose). */
export function valuesFromTraining(training: Record<string, unknown> | undefined): FormValues {
  const t = training ?? {};
  const dataset = DATASET_NAMES.find((d) => d === t.dataset) ?? 'mnist';
  const values = defaultValues(dataset);
  const o = isRecord(t.optimizer) ? t.optimizer : {};
  const optimizer = OPTIMIZER_TYPES.find((type) => type === o.type);
  if (optimizer) useOptimizer(values, optimizer);
  const s = isRecord(t.schedule) ? t.schedule : {};
  const schedule = SCHEDULE_TYPES.find((type) => type === s.type);
  if (schedule) values.schedule = schedule;
  // Each number recorded replaces the default; what is not a number keeps it.
  const take = (from: Record<string, unknown>, fields: readonly NumberFieldName[]) => {
    for (const field of fields)
      if (typeof from[field] === 'number') values[field] = String(from[field]);
  };
  take(t, ['epochs', 'batchSize', 'seed', 'threads']);
  take(o, ['learningRate', 'momentum', 'beta1', 'beta2', 'weightDecay']);
  take(s, ['warmupSteps', 'everyEpochs', 'gamma', 'minFactor']);
  if (typeof t.augment === 'boolean') values.augment = t.augment;
  if (typeof o.nesterov === 'boolean') values.nesterov = o.nesterov;
  return values;
}

/** Another optimizer, with its usual learning rate for the dataset and its usual weight decay. */
function useOptimizer(values: FormValues, optimizer: OptimizerType): void {
  values.optimizer = optimizer;
  values.learningRate = String(DATASETS[values.dataset].defaults.learningRate[optimizer]);
  values.weightDecay = optimizer === 'adamw' ? '0.01' : '0';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

type Check = (x: number) => string | null;

const whole =
  (min: number, max: number): Check =>
  (x) =>
    Number.isInteger(x) && x >= min && x <= max
      ? null
      : `must be a whole number from ${min} to ${max.toLocaleString('en-US')}`;
const positive: Check = (x) => (x > 0 ? null : 'must be above 0');
const fraction: Check = (x) => (x >= 0 && x < 1 ? null : 'must be at least 0 and below 1');
const nonNegative: Check = (x) => (x >= 0 ? null : 'must be 0 or more');
const unit: Check = (x) => (x >= 0 && x <= 1 ? null : 'must be from 0 to 1');
const factor: Check = (x) => (x > 0 && x <= 1 ? null : 'must be above 0 and at most 1');

/** A number typed into a field, or why it is not one the field takes. */
export function readNumber(text: string, check: Check): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'is required';
  const x = Number(trimmed);
  if (!Number.isFinite(x)) return 'must be a number';
  return check(x) ?? x;
}

const LABELS: Record<FieldName, string> = {
  dataset: 'Dataset',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  momentum: 'Momentum',
  nesterov: 'Nesterov',
  beta1: 'β₁',
  beta2: 'β₂',
  weightDecay: 'Weight decay',
  schedule: 'Schedule',
  warmupSteps: 'Warm-up steps',
  everyEpochs: 'Every (epochs)',
  gamma: 'Factor γ',
  minFactor: 'Final factor',
  augment: 'Augment',
  seed: 'Seed',
  threads: 'Threads',
};

export const LEARNING_RATE_CHECK = positive;

/** The fields the current optimizer and schedule use, each with its check. */
function checksFor(values: FormValues): Partial<Record<FieldName, Check>> {
  const checks: Partial<Record<FieldName, Check>> = {
    epochs: whole(1, 10_000),
    batchSize: whole(1, 4096),
    learningRate: positive,
    weightDecay: nonNegative,
    warmupSteps: whole(0, 1_000_000),
    seed: whole(0, 0xffffffff),
    threads: whole(1, 64),
  };
  if (values.optimizer === 'sgd') checks.momentum = fraction;
  else Object.assign(checks, { beta1: fraction, beta2: fraction });
  if (values.schedule === 'step')
    Object.assign(checks, { everyEpochs: whole(1, 10_000), gamma: factor });
  if (values.schedule === 'cosine') checks.minFactor = unit;
  return checks;
}

export type Validated =
  { ok: true; settings: TrainingSettings; issues: Issues } | { ok: false; issues: Issues };

/** Checks every field in use; the settings come only when all of them are right. */
export function validate(values: FormValues): Validated {
  const issues: Issues = {};
  const numbers: Partial<Record<FieldName, number>> = {};
  for (const [field, check] of Object.entries(checksFor(values)) as [FieldName, Check][]) {
    const read = readNumber(values[field] as string, check);
    if (typeof read === 'string') issues[field] = `${LABELS[field]} ${read}.`;
    else numbers[field] = read;
  }
  if (values.optimizer === 'sgd' && values.nesterov && numbers.momentum === 0) {
    issues.nesterov = 'Nesterov needs a momentum above 0.';
  }
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  const n = numbers as Record<FieldName, number>;
  const optimizer =
    values.optimizer === 'sgd'
      ? {
          type: values.optimizer,
          learningRate: n.learningRate,
          momentum: n.momentum,
          nesterov: values.nesterov,
          weightDecay: n.weightDecay,
        }
      : {
          type: values.optimizer,
          learningRate: n.learningRate,
          beta1: n.beta1,
          beta2: n.beta2,
          weightDecay: n.weightDecay,
        };
  const schedule =
    values.schedule === 'step'
      ? {
          type: 'step' as const,
          everyEpochs: n.everyEpochs,
          gamma: n.gamma,
          warmupSteps: n.warmupSteps,
        }
      : values.schedule === 'cosine'
        ? { type: 'cosine' as const, minFactor: n.minFactor, warmupSteps: n.warmupSteps }
        : { type: 'constant' as const, warmupSteps: n.warmupSteps };
  return {
    ok: true,
    issues,
    settings: {
      dataset: values.dataset,
      epochs: n.epochs,
      batchSize: n.batchSize,
      seed: n.seed,
      optimizer,
      schedule,
      augment: values.augment,
      threads: n.threads,
    },
  };
}

/** The form as state: the values, and their checks recomputed as they change. */
export class TrainForm {
  values: FormValues = $state(defaultValues());
  readonly checked: Validated = $derived(validate(this.values));

  constructor(training?: Record<string, unknown>) {
    this.values = valuesFromTraining(training);
  }

  /**
   * Another dataset, with the settings that train well on it: a model's recorded settings were
   * chosen for its own dataset. The seed, threads and augmentation stay as they were.
   */
  setDataset(dataset: DatasetName): void {
    const { seed, threads, augment } = this.values;
    this.values = { ...defaultValues(dataset), seed, threads, augment };
  }

  /** Another optimizer, with its usual learning rate for the dataset. */
  setOptimizer(optimizer: OptimizerType): void {
    useOptimizer(this.values, optimizer);
  }

  /** Takes the values a document's `training` records. */
  load(training: Record<string, unknown> | undefined): void {
    this.values = valuesFromTraining(training);
  }
}
