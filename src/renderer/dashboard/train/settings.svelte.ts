// The train panel's form: every field as typed (strings, so a half-typed number is not lost), each
// checked by the engine's training settings schema, whose sentence follows the field's label, and
// the worker settings built from them. Its values start from the engine's defaults for the
// dataset (defaultsFor), the ones the worker and `npm run train` use for a model that says none.

import * as v from 'valibot';
import { DATASET_NAMES, type DatasetName } from '../../../engine/datasets';
import {
  learningRateValue,
  OPTIMIZER_TYPES,
  optimizerSettings,
  type OptimizerType,
} from '../../../engine/optim';
import {
  DEFAULT_DATASET,
  defaultsFor,
  optimizerDefaultsFor,
  type OptimizerChoice,
} from '../../../engine/train/defaults';
import { parseSchedule, SCHEDULE_TYPES, type ScheduleType } from '../../../engine/train/schedule';
import { completeSettingsSchema, type TrainingSettings } from '../../../engine/train/settings';
import { DATASETS } from '../datasets';

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

/** The optimizer fields for `choice` on `dataset`; the other optimizers' fields keep their defaults. */
function optimizerValues(dataset: DatasetName, choice: OptimizerChoice) {
  const fields = ({ type, ...given }: OptimizerChoice) =>
    Object.fromEntries(
      Object.entries(optimizerSettings(type, given)).map(([key, x]) => [
        key,
        typeof x === 'number' ? String(x) : x,
      ]),
    );
  const sgd = fields(optimizerDefaultsFor(dataset, 'sgd'));
  const adam = fields(optimizerDefaultsFor(dataset, 'adam'));
  const own = fields(choice);
  return {
    optimizer: choice.type,
    momentum: sgd.momentum as string,
    nesterov: sgd.nesterov as boolean,
    beta1: adam.beta1 as string,
    beta2: adam.beta2 as string,
    ...(own as Partial<Pick<FormValues, 'momentum' | 'nesterov' | 'beta1' | 'beta2'>>),
    learningRate: own.learningRate as string,
    weightDecay: own.weightDecay as string,
  };
}

/** The values a run on `dataset` takes when nothing else says (the engine's defaultsFor). */
export function defaultValues(dataset: DatasetName = DEFAULT_DATASET): FormValues {
  const d = defaultsFor(dataset);
  // Each schedule's own fields, with the schema's defaults where the chosen schedule has none.
  const schedule: Record<string, unknown> = {
    ...parseSchedule({ type: 'step' }),
    ...parseSchedule({ type: 'cosine' }),
    ...d.schedule,
  };
  return {
    dataset,
    epochs: String(d.epochs),
    batchSize: String(d.batchSize),
    ...optimizerValues(dataset, d.optimizer),
    schedule: d.schedule.type,
    warmupSteps: String(schedule.warmupSteps),
    everyEpochs: String(schedule.everyEpochs),
    gamma: String(schedule.gamma),
    minFactor: String(schedule.minFactor),
    augment: d.augment,
    seed: String(d.seed),
    threads: String(d.threads),
  };
}

/** The values a document's `training` records (what trained it, or what its author chose). */
export function valuesFromTraining(training: Record<string, unknown> | undefined): FormValues {
  const t = training ?? {};
  const dataset = DATASET_NAMES.find((d) => d === t.dataset) ?? DEFAULT_DATASET;
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

/** Another optimizer, with its settings for the dataset (its usual learning rate above all). */
function useOptimizer(values: FormValues, optimizer: OptimizerType): void {
  Object.assign(
    values,
    optimizerValues(values.dataset, optimizerDefaultsFor(values.dataset, optimizer)),
  );
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A number typed into a field, or why it is not a number at all (the schema says the rest). */
export function readNumber(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'is required';
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : 'must be a number';
}

/** The learning rate typed, when it is one (it may change while training). */
export function readLearningRate(text: string): number | null {
  const x = readNumber(text);
  return typeof x === 'number' && v.is(learningRateValue, x) ? x : null;
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

export type Validated =
  { ok: true; settings: TrainingSettings; issues: Issues } | { ok: false; issues: Issues };

/** The fields of each optimizer besides the learning rate and weight decay every one has. */
const OPTIMIZER_FIELDS: Record<OptimizerType, readonly FieldName[]> = {
  sgd: ['momentum', 'nesterov'],
  adam: ['beta1', 'beta2'],
  adamw: ['beta1', 'beta2'],
};
/** The fields of each schedule besides the warm-up every one has. */
const SCHEDULE_FIELDS: Record<ScheduleType, readonly NumberFieldName[]> = {
  constant: [],
  step: ['everyEpochs', 'gamma'],
  cosine: ['minFactor'],
};

/** The fields the values' optimizer and schedule use, in the form's order. */
export function fieldsInUse(values: FormValues): FieldName[] {
  return [
    'epochs',
    'batchSize',
    'optimizer',
    'learningRate',
    ...OPTIMIZER_FIELDS[values.optimizer],
    'weightDecay',
    'schedule',
    'warmupSteps',
    ...SCHEDULE_FIELDS[values.schedule],
    'augment',
    'seed',
    'threads',
  ];
}

/** The settings the fields in use say; a field whose text is not a number is NaN. */
function settingsOf(values: FormValues, number: (field: NumberFieldName) => number) {
  const value = (field: FieldName) =>
    typeof values[field] === 'string' ? number(field as NumberFieldName) : values[field];
  const entries = (fields: readonly FieldName[]) => fields.map((f) => [f, value(f)]);
  return {
    dataset: values.dataset,
    epochs: number('epochs'),
    batchSize: number('batchSize'),
    seed: number('seed'),
    optimizer: Object.fromEntries([
      ['type', values.optimizer],
      ...entries(['learningRate', ...OPTIMIZER_FIELDS[values.optimizer], 'weightDecay']),
    ]),
    schedule: Object.fromEntries([
      ['type', values.schedule],
      ...entries([...SCHEDULE_FIELDS[values.schedule], 'warmupSteps']),
    ]),
    augment: values.augment,
    threads: number('threads'),
  };
}

/** Checks every field in use with the settings schema; the settings come only when all are right. */
export function validate(values: FormValues): Validated {
  const issues: Issues = {};
  const number = (field: NumberFieldName): number => {
    const read = readNumber(values[field]);
    if (typeof read === 'number') return read;
    issues[field] = `${LABELS[field]} ${read}.`;
    return NaN;
  };
  const settings = settingsOf(values, number);
  const result = v.safeParse(completeSettingsSchema, settings);
  for (const issue of result.issues ?? []) {
    // Every setting the form builds is named as its field is.
    const field = (issue.path?.at(-1) as { key: FieldName } | undefined)?.key ?? 'dataset';
    issues[field] ??= `${LABELS[field]} ${issue.message}.`;
  }
  if (!result.success || Object.keys(issues).length > 0) return { ok: false, issues };
  return { ok: true, issues, settings: result.output };
}

/** How a value reads in a sentence: `SGD`, `Cosine`, `on`, `0.05`. */
export const OPTIMIZER_TITLES: Record<OptimizerType, string> = {
  sgd: 'SGD',
  adam: 'Adam',
  adamw: 'AdamW',
};
export const SCHEDULE_TITLES: Record<ScheduleType, string> = {
  constant: 'Constant',
  step: 'Step decay',
  cosine: 'Cosine',
};

function valueText(values: FormValues, field: FieldName): string {
  if (field === 'optimizer') return OPTIMIZER_TITLES[values.optimizer];
  if (field === 'schedule') return SCHEDULE_TITLES[values.schedule];
  const value = values[field];
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : value;
}

/** What switching dataset did: the values, the fields that followed it, those kept as they were set. */
export interface DatasetSwitch {
  values: FormValues;
  changed: FieldName[];
  kept: FieldName[];
}

const OPTIMIZER_GROUP: readonly FieldName[] = [
  'optimizer',
  'learningRate',
  'weightDecay',
  ...new Set(Object.values(OPTIMIZER_FIELDS).flat()),
];

/**
 * Another dataset: a setting still at the old dataset's default takes the new one's, a setting
 * someone chose (typed, or recorded in the document) stays. The optimizer goes as a whole: one
 * chosen, or with a setting changed, stays with its changed settings and takes the new dataset's
 * defaults for the rest; otherwise the new dataset's optimizer comes with all its settings.
 */
export function switchDataset(before: FormValues, dataset: DatasetName): DatasetSwitch {
  const oldDefaults = defaultValues(before.dataset);
  const typeChosen = before.optimizer !== oldDefaults.optimizer;
  // The old dataset's defaults for the optimizer in use.
  useOptimizer(oldDefaults, before.optimizer);
  const optimizerChosen =
    typeChosen || OPTIMIZER_GROUP.some((field) => before[field] !== oldDefaults[field]);
  const next = defaultValues(dataset);
  if (optimizerChosen) useOptimizer(next, before.optimizer);
  const values = { ...next };
  const kept: FieldName[] = [];
  for (const field of Object.keys(values) as FieldName[]) {
    if (field === 'dataset') continue;
    const unset =
      field === 'optimizer'
        ? !typeChosen
        : before[field] === oldDefaults[field] ||
          (OPTIMIZER_GROUP.includes(field) && !optimizerChosen);
    if (unset) continue;
    (values as Record<FieldName, unknown>)[field] = before[field];
    kept.push(field);
  }
  const inUse = fieldsInUse(values);
  return {
    values,
    changed: inUse.filter((f) => valueText(values, f) !== valueText(before, f)),
    kept: inUse.filter((f) => kept.includes(f)),
  };
}

const lowerFirst = (text: string) => text[0].toLowerCase() + text.slice(1);

/** The sentence that says what a dataset switch changed and what it kept. */
export function describeSwitch(before: FormValues, done: DatasetSwitch, title: string): string {
  const changed = done.changed.map(
    (f) => `${lowerFirst(LABELS[f])} ${valueText(before, f)} → ${valueText(done.values, f)}`,
  );
  const kept = done.kept.map((f) => `${lowerFirst(LABELS[f])} ${valueText(done.values, f)}`);
  const what =
    changed.length > 0 ? `its settings: ${changed.join(', ')}` : 'the settings as they were';
  return `Training on ${title} with ${what}${kept.length > 0 ? `; kept as set: ${kept.join(', ')}` : ''}.`;
}

/** The form as state: the values, and their checks recomputed as they change. */
export class TrainForm {
  values: FormValues = $state(defaultValues());
  readonly checked: Validated = $derived(validate(this.values));

  /** `notify` says what a dataset switch changed. */
  constructor(
    training?: Record<string, unknown>,
    private readonly notify: (text: string) => void = () => undefined,
  ) {
    this.values = valuesFromTraining(training);
  }

  /** Another dataset, its defaults for every setting not chosen; the notice says which changed. */
  setDataset(dataset: DatasetName): void {
    const before = this.values;
    if (dataset === before.dataset) return;
    const done = switchDataset(before, dataset);
    this.values = done.values;
    this.notify(describeSwitch(before, done, DATASETS[dataset].title));
  }

  /** Another optimizer, with its settings for the dataset. */
  setOptimizer(optimizer: OptimizerType): void {
    useOptimizer(this.values, optimizer);
  }

  /** Takes the values a document's `training` records. */
  load(training: Record<string, unknown> | undefined): void {
    this.values = valuesFromTraining(training);
  }
}
