import * as v from 'valibot';
import {
  DATASET_NAMES,
  NORMALIZATION_KINDS,
  type DatasetName,
  type Normalization,
  type NormalizationKind,
} from '../datasets';
import { realNumber, wholeNumber } from '../layers/params';
import { describeValue } from '../model/format';
import {
  adamEntries,
  learningRateValue,
  NESTEROV_RULE,
  OPTIMIZER_TYPES,
  sgdEntries,
  type OptimizerType,
} from '../optim';
import {
  DEFAULT_DATASET,
  defaultsFor,
  optimizerDefaultsFor,
  type TrainingDefaults,
} from './defaults';
import { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_SEED } from './limits';
import { scheduleSchema } from './schedule';

// The training settings and their limits, written once: the document's `training`, the worker's
// `load` command, the Train form, the training CLI and the PyTorch export all check with these.
// Each schema carries the sentence that says what it allows.

const oneOf = <const T extends string>(options: readonly T[]) =>
  v.picklist(options, `must be one of ${options.join(', ')}`);

const dataset = oneOf(DATASET_NAMES);
const epochs = wholeNumber(1, MAX_EPOCHS);
const batchSize = wholeNumber(1, MAX_BATCH_SIZE);
const seed = wholeNumber(0, MAX_SEED);
/** Compute threads asked for; the worker says how many it uses (no more than the cores). */
const threads = wholeNumber(1, 64);
/** Random shifts of ±2 pixels while training. */
const augment = v.boolean('must be true or false');

const NORMALIZATION_MESSAGE = `must be ${NORMALIZATION_KINDS.map((k) => `"${k}"`).join(', ')} or { kind, mean, std } with a finite mean and a std > 0`;

/** The preprocessing a trained document records: input = (grey/255 − mean)/std. */
export const normalizationSchema = v.strictObject(
  {
    kind: v.picklist(NORMALIZATION_KINDS, NORMALIZATION_MESSAGE),
    mean: realNumber(NORMALIZATION_MESSAGE),
    std: realNumber(NORMALIZATION_MESSAGE, (x) => x > 0),
  },
  NORMALIZATION_MESSAGE,
) satisfies v.GenericSchema<Normalization>;

/** A kind, computed from the training split when training starts, or the exact values. */
const normalization = v.union(
  [v.picklist(NORMALIZATION_KINDS), normalizationSchema],
  NORMALIZATION_MESSAGE,
);

/**
 * An optimizer as a document or a command gives it: its type may be left to the base it goes over
 * (resolveSettings), so only the rate and the kinds of the values are checked here; the engine
 * optimizer checks every name and range when the run is made.
 */
const optimizerPart = v.pipe(
  v.looseObject({
    type: v.optional(oneOf(OPTIMIZER_TYPES)),
    learningRate: v.optional(learningRateValue),
  }),
  v.check(
    (o) =>
      Object.entries(o).every(
        ([key, x]) => key === 'type' || typeof x === 'boolean' || Number.isFinite(x),
      ),
    'settings must be finite numbers or booleans',
  ),
);

/** Training settings, each optional: what a document's `training` or a `load` command may say. */
export const trainingSettingsEntries = {
  dataset: v.optional(dataset),
  epochs: v.optional(epochs),
  batchSize: v.optional(batchSize),
  seed: v.optional(seed),
  /** `type` and the engine optimizer's own settings (learningRate, momentum, beta1, …). */
  optimizer: v.optional(optimizerPart),
  schedule: v.optional(scheduleSchema),
  augment: v.optional(augment),
  normalization: v.optional(normalization),
  threads: v.optional(threads),
};

/** Settings as a host sends them: no other keys. */
export const trainingSettingsSchema = v.strictObject(trainingSettingsEntries);
/** Settings as a host writes them. */
export type TrainingSettings = v.InferInput<typeof trainingSettingsSchema>;
/** Settings once validated, defaults of nested parts (the schedule's) filled in. */
export type TrainingSettingsValues = v.InferOutput<typeof trainingSettingsSchema>;

// A document's `training` may hold keys of other tools, which are kept; only ours are checked.
const documentTrainingSchema = v.looseObject(trainingSettingsEntries);

const typed = <const T extends OptimizerType, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), ...entries });

const OPTIMIZER_SCHEMAS = {
  sgd: v.pipe(
    typed('sgd', sgdEntries),
    v.forward(
      v.check((o) => NESTEROV_RULE.holds(o), NESTEROV_RULE.message),
      ['nesterov'],
    ),
  ),
  adam: typed('adam', adamEntries),
  adamw: typed('adamw', adamEntries),
};
const optimizerType = v.looseObject({ type: oneOf(OPTIMIZER_TYPES) });

/**
 * Every setting of a run, all given and each checked as the run would check it (the optimizer's
 * by that optimizer's own schema): what the Train form builds. Normalization is left out: it
 * comes from the data. Defaults the schemas fill in are not the run's; use the input.
 */
export const completeSettingsSchema = v.strictObject({
  dataset,
  epochs,
  batchSize,
  seed,
  optimizer: v.lazy((input) => {
    const type = (input as { type?: unknown } | null)?.type;
    return OPTIMIZER_TYPES.includes(type as OptimizerType)
      ? OPTIMIZER_SCHEMAS[type as OptimizerType]
      : optimizerType;
  }),
  schedule: scheduleSchema,
  augment,
  threads,
});

/** The settings a run uses: every one given; the optimizer's are checked by the optimizer. */
export type SettingsChoice = Omit<TrainingDefaults, 'optimizer' | 'normalization'> & {
  optimizer: { type: OptimizerType } & Record<string, unknown>;
  normalization: NormalizationKind | Normalization;
};

/** A training setting that is not right; `setting` is its path (`batchSize`, `optimizer.type`). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/** The issue as one line naming the setting: `batchSize must be … , got "big"`. */
export function describeSettingsIssue(issue: v.BaseIssue<unknown>): SettingsError {
  const path = issue.path ?? [];
  const setting = path.map((p) => String((p as { key: unknown }).key)).join('.');
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return new SettingsError(setting, `${setting} is not a setting`);
  }
  const last = path.at(-1) as { value: unknown } | undefined;
  const got = last ? `, got ${describeValue(last.value)}` : '';
  return new SettingsError(setting, `${setting || 'settings'} ${issue.message}${got}`);
}

/** A document's `training`, checked; a bad value is a SettingsError naming it. */
export function documentTraining(training: unknown): TrainingSettingsValues {
  if (training === undefined) return {};
  const result = v.safeParse(documentTrainingSchema, training);
  if (!result.success) throw describeSettingsIssue(result.issues[0]);
  return result.output;
}

type Simple = Exclude<keyof SettingsChoice, 'optimizer' | 'dataset'>;

/**
 * Settings from the command over the document's over the dataset's defaults. The optimizer's
 * settings (the document's, else the default's) carry over only while the type stays the same:
 * switching from sgd to adam drops sgd's momentum and takes adam's defaults for the dataset.
 */
export function resolveSettings(
  training: unknown,
  overrides: TrainingSettingsValues = {},
): SettingsChoice {
  const fromDocument = documentTraining(training);
  const dataset: DatasetName = overrides.dataset ?? fromDocument.dataset ?? DEFAULT_DATASET;
  const defaults = defaultsFor(dataset);
  const pick = <K extends Simple>(key: K): SettingsChoice[K] =>
    (overrides[key] ?? fromDocument[key] ?? defaults[key]) as SettingsChoice[K];
  const baseOptimizer = fromDocument.optimizer ?? defaults.optimizer;
  const baseType = baseOptimizer.type ?? defaults.optimizer.type;
  const type = overrides.optimizer?.type ?? baseType;
  return {
    dataset,
    epochs: pick('epochs'),
    batchSize: pick('batchSize'),
    seed: pick('seed'),
    optimizer: {
      ...(baseType === type ? baseOptimizer : optimizerDefaultsFor(dataset, type)),
      ...overrides.optimizer,
      type,
    },
    schedule: pick('schedule'),
    augment: pick('augment'),
    normalization: pick('normalization'),
    threads: pick('threads'),
  };
}
