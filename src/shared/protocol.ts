// The training worker's message protocol: commands from a host, events from the worker, as
// valibot discriminated unions checked on arrival at both ends. Every command may carry an `id`;
// the worker answers it with exactly one event carrying the same `id` (the reply named below, or
// `error`). Images, kernels, feature maps and matrices travel as typed arrays whose buffers are
// transferred, never as number lists.

import * as v from 'valibot';
import {
  DATASET_NAMES,
  NORMALIZATION_KINDS,
  type DatasetName,
  type Normalization,
  type NormalizationKind,
} from '../engine/datasets';
import type { LayerSummary, ModelDocument } from '../engine/index';
import { describeValue } from '../engine/model/format';
import { learningRateValue, OPTIMIZER_TYPES, type OptimizerType } from '../engine/optim';
import { MAX_EPOCHS } from '../engine/train/limits';
import { scheduleSchema, type Schedule } from '../engine/train/schedule';
import { normalizationSchema, trainingSettingsSchema } from '../engine/train/settings';
import { quote } from '../engine/quote';

export { DATASET_NAMES, OPTIMIZER_TYPES, type OptimizerType };
export type { TrainingSettings, TrainingSettingsValues } from '../engine/train/settings';
export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Largest side of an image sent for prediction or feature maps. */
export const MAX_IMAGE_SIDE = 1024;
/** Most sample images one request may ask for. */
export const MAX_SAMPLES = 1024;

const whole = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
const finite = v.pipe(v.number(), v.finite());
const id = v.optional(whole(0, Number.MAX_SAFE_INTEGER));

/** An optimizer's type and every one of its settings. */
export type OptimizerSettings = { type: OptimizerType; learningRate: number } & Record<
  string,
  number | boolean | string
>;

/** The settings a run uses, every default filled in. */
export interface ResolvedSettings {
  dataset: DatasetName;
  epochs: number;
  batchSize: number;
  seed: number;
  optimizer: OptimizerSettings;
  schedule: Schedule;
  augment: boolean;
  normalization: NormalizationKind | Normalization;
  threads: number;
}

/** A greyscale image, grey levels 0..255 row by row (the drawing pad's and the datasets' form). */
export const imageSchema = v.pipe(
  v.strictObject({
    width: whole(1, MAX_IMAGE_SIDE),
    height: whole(1, MAX_IMAGE_SIDE),
    pixels: v.instance(Uint8Array),
  }),
  v.forward(
    v.check((i) => i.pixels.length === i.width * i.height, 'must hold width × height grey levels'),
    ['pixels'],
  ),
);
export type Image = v.InferOutput<typeof imageSchema>;

/** Where an image comes from: a dataset sample, or one sent along (resized to the model's input). */
export const imageSourceSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('sample'),
    split: v.picklist(SPLITS),
    index: whole(0, 2 ** 31),
  }),
  v.strictObject({ kind: v.literal('image'), image: imageSchema }),
]);
export type ImageSource = v.InferOutput<typeof imageSourceSchema>;

export const commandSchema = v.variant('type', [
  /** Load a model document (and its dataset), replacing any run. Reply: `loaded`. */
  v.strictObject({
    type: v.literal('load'),
    id,
    model: v.unknown(),
    /**
     * Taken over the document's `training` values, which are taken over the dataset's defaults.
     * `normalization` names a kind, computed from the training split, or gives the exact values
     * (as a trained document records them).
     */
    settings: v.optional(trainingSettingsSchema),
  }),
  /** Start training the loaded model. Reply: `status` (running). */
  v.strictObject({ type: v.literal('start'), id }),
  /** Pause between two steps; no progress follows until `resume`. Reply: `status` (paused). */
  v.strictObject({ type: v.literal('pause'), id }),
  /** Continue a paused run. Reply: `status` (running). */
  v.strictObject({ type: v.literal('resume'), id }),
  /** End training early; the test set is still evaluated, then `finished`. Reply: `status` (stopping). */
  v.strictObject({ type: v.literal('stop'), id }),
  /** Change the base learning rate or augmentation from the next step on. Reply: `status`. */
  v.strictObject({
    type: v.literal('setHyperparameters'),
    id,
    learningRate: v.optional(learningRateValue),
    augment: v.optional(v.boolean()),
  }),
  /** The model document with its current weights and `training` (with normalization). Reply: `weights`. */
  v.strictObject({ type: v.literal('getWeights'), id }),
  /** A conv2d layer's kernels now, or at the end of epoch `epoch` (0: before training). Reply: `kernels`. */
  v.strictObject({
    type: v.literal('getKernels'),
    id,
    layer: v.string(),
    epoch: v.optional(whole(0, MAX_EPOCHS)),
  }),
  /** Every layer's output for one image. Reply: `featureMaps`. */
  v.strictObject({ type: v.literal('getFeatureMaps'), id, source: imageSourceSchema }),
  /** Class probabilities for one image. Reply: `prediction`. */
  v.strictObject({ type: v.literal('predict'), id, image: imageSchema }),
  /** The test set's confusion matrix for the current weights (evaluated if needed). Reply: `confusion`. */
  v.strictObject({ type: v.literal('getConfusion'), id }),
  /** Test images of one confusion cell (true class, predicted class), up to `limit` (100). Reply: `misclassified`. */
  v.strictObject({
    type: v.literal('getMisclassified'),
    id,
    trueClass: whole(0, 255),
    predictedClass: whole(0, 255),
    limit: v.optional(whole(1, MAX_SAMPLES)),
    /** The test predictions at this step (an epoch's end, or the end of training); now if absent. */
    step: v.optional(whole(0, Number.MAX_SAFE_INTEGER)),
  }),
  /** Dataset images by index. Reply: `samples`. */
  v.strictObject({
    type: v.literal('getSamples'),
    id,
    split: v.picklist(SPLITS),
    indices: v.pipe(v.array(whole(0, 2 ** 31)), v.maxLength(MAX_SAMPLES)),
  }),
]);
export type Command = v.InferOutput<typeof commandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
/** A command as a host writes it (defaults may be left out), without the id the client adds. */
export type CommandInput =
  v.InferInput<typeof commandSchema> extends infer C
    ? C extends v.InferInput<typeof commandSchema>
      ? Omit<C, 'id'>
      : never
    : never;

export const RUN_STATES = ['empty', 'ready', 'running', 'paused', 'stopping', 'finished'] as const;
/** empty: no model; ready: loaded, not started; stopping: evaluating the test set after `stop`. */
export type RunState = (typeof RUN_STATES)[number];

const metricsSchema = v.strictObject({
  loss: finite,
  accuracy: finite,
  correct: whole(0, 2 ** 31),
  count: whole(0, 2 ** 31),
});
export type MetricsData = v.InferOutput<typeof metricsSchema>;

const layerSummarySchema: v.GenericSchema<LayerSummary> = v.strictObject({
  id: v.string(),
  type: v.string(),
  outputShape: v.nullable(v.array(v.number())),
  params: v.number(),
  macs: v.number(),
  error: v.nullable(v.string()),
  receptiveField: v.nullable(
    v.strictObject({
      size: v.tuple([v.number(), v.number()]),
      jump: v.tuple([v.number(), v.number()]),
    }),
  ),
});

const documentSchema = v.custom<ModelDocument>(
  (x) =>
    typeof x === 'object' &&
    x !== null &&
    (x as ModelDocument).format === 'cnn-studio/model' &&
    (x as ModelDocument).version === 1 &&
    Array.isArray((x as ModelDocument).nodes) &&
    Array.isArray((x as ModelDocument).edges),
  'must be a cnn-studio/model document',
);

const resolvedSettingsSchema: v.GenericSchema<unknown, ResolvedSettings> = v.strictObject({
  dataset: v.picklist(DATASET_NAMES),
  epochs: v.number(),
  batchSize: v.number(),
  seed: v.number(),
  optimizer: v.objectWithRest(
    { type: v.picklist(OPTIMIZER_TYPES), learningRate: v.number() },
    v.union([v.number(), v.boolean(), v.string()]),
  ),
  schedule: scheduleSchema,
  augment: v.boolean(),
  normalization: v.union([v.picklist(NORMALIZATION_KINDS), normalizationSchema]),
  threads: v.number(),
});

const hyperparametersSchema = v.strictObject({
  /** The rate the schedule scales (what `setHyperparameters` sets). */
  baseLearningRate: positive,
  /** The rate of the next step. */
  learningRate: finite,
  augment: v.boolean(),
});

export const eventSchema = v.variant('type', [
  /** The model and dataset are ready to train. */
  v.strictObject({
    type: v.literal('loaded'),
    id,
    name: v.nullable(v.string()),
    summary: v.array(layerSummarySchema),
    parameterCount: v.number(),
    settings: resolvedSettingsSchema,
    /** The preprocessing in use: input = (grey/255 − mean)/std. */
    normalization: normalizationSchema,
    dataset: v.strictObject({
      name: v.picklist(DATASET_NAMES),
      classes: v.array(v.string()),
      height: v.number(),
      width: v.number(),
      train: v.number(),
      validation: v.number(),
      test: v.number(),
    }),
    stepsPerEpoch: v.number(),
    totalSteps: v.number(),
    /** Threads actually used: as asked, unless the machine or the runtime allows fewer. */
    threads: v.number(),
    /** The compute kernels (e.g. wasm-simd) and, if any, why faster ones are not in use. */
    kernels: v.strictObject({ name: v.string(), note: v.string() }),
  }),
  /** The run's state changed, or the reply to start/pause/resume/stop/setHyperparameters. */
  v.strictObject({
    type: v.literal('status'),
    id,
    state: v.picklist(RUN_STATES),
    step: v.number(),
    hyperparameters: v.nullable(hyperparametersSchema),
  }),
  /** At most ~10 per second while training: means over the steps since the previous one. */
  v.strictObject({
    type: v.literal('progress'),
    step: v.number(),
    totalSteps: v.number(),
    epoch: v.number(),
    epochs: v.number(),
    loss: finite,
    accuracy: finite,
    learningRate: finite,
    samplesPerSecond: finite,
    /** Seconds of training left at the recent pace (evaluation not included). */
    etaSeconds: finite,
  }),
  /**
   * An epoch ended and its weights were checkpointed. Before the last epoch it carries the test
   * set's result and confusion matrix at exactly this step; after the last, `finished` does.
   */
  v.strictObject({
    type: v.literal('epoch'),
    epoch: v.number(),
    epochs: v.number(),
    step: v.number(),
    train: metricsSchema,
    validation: v.nullable(metricsSchema),
    test: v.nullable(metricsSchema),
    /** K×K, row = true class, column = predicted. */
    confusion: v.nullable(v.instance(Uint32Array)),
  }),
  /** Training ended: completed, stopped (both with the test result), diverged or failed (with a message). */
  v.strictObject({
    type: v.literal('finished'),
    reason: v.picklist(['completed', 'stopped', 'diverged', 'failed']),
    message: v.nullable(v.string()),
    step: v.number(),
    epochs: v.number(),
    test: v.nullable(metricsSchema),
    /** K×K, row = true class, column = predicted. */
    confusion: v.nullable(v.instance(Uint32Array)),
    seconds: finite,
  }),
  /** A command failed or was malformed; `field` names the offending field when there is one. */
  v.strictObject({
    type: v.literal('error'),
    id,
    command: v.optional(v.string()),
    field: v.optional(v.string()),
    message: v.string(),
  }),
  /** Reply to getWeights. */
  v.strictObject({ type: v.literal('weights'), id, document: documentSchema }),
  /** Reply to getKernels: weight [F, C, kh, kw] of the layer; `epoch` null means current. */
  v.strictObject({
    type: v.literal('kernels'),
    id,
    layer: v.string(),
    epoch: v.nullable(v.number()),
    shape: v.array(v.number()),
    data: v.instance(Float32Array),
    /** Epochs whose checkpoints can be asked for. */
    epochs: v.array(v.number()),
  }),
  /** Reply to getFeatureMaps: each layer's output in run order, the input first. */
  v.strictObject({
    type: v.literal('featureMaps'),
    id,
    maps: v.array(
      v.strictObject({
        layer: v.string(),
        type: v.string(),
        shape: v.array(v.number()),
        data: v.instance(Float32Array),
      }),
    ),
    probabilities: v.instance(Float32Array),
    predicted: v.number(),
    /** The sample's true class, or null for an image sent along. */
    label: v.nullable(v.number()),
  }),
  /** Reply to predict. */
  v.strictObject({
    type: v.literal('prediction'),
    id,
    probabilities: v.instance(Float32Array),
    predicted: v.number(),
  }),
  /** Reply to getConfusion, for the weights at `step`. */
  v.strictObject({
    type: v.literal('confusion'),
    id,
    classes: v.array(v.string()),
    matrix: v.instance(Uint32Array),
    test: metricsSchema,
    step: v.number(),
  }),
  /** Reply to getMisclassified: `total` images fall in the cell, the first `indices.length` are sent. */
  v.strictObject({
    type: v.literal('misclassified'),
    id,
    trueClass: v.number(),
    predictedClass: v.number(),
    total: v.number(),
    indices: v.instance(Uint32Array),
    images: v.instance(Uint8Array),
    height: v.number(),
    width: v.number(),
  }),
  /** Reply to getSamples: images [count, H, W] grey levels and their labels. */
  v.strictObject({
    type: v.literal('samples'),
    id,
    split: v.picklist(SPLITS),
    indices: v.instance(Uint32Array),
    images: v.instance(Uint8Array),
    labels: v.instance(Uint8Array),
    height: v.number(),
    width: v.number(),
  }),
]);
export type WorkerEvent = v.InferOutput<typeof eventSchema>;
export type EventType = WorkerEvent['type'];
export type EventOf<T extends EventType> = Extract<WorkerEvent, { type: T }>;
/** The events that answer a command (they carry its `id`). */
export type ReplyEvent = WorkerEvent extends infer E
  ? E extends WorkerEvent
    ? 'id' extends keyof E
      ? E
      : never
    : never
  : never;

export type Parsed<T> = { success: true; value: T } | { success: false; error: EventOf<'error'> };

/** Validates a message from a host; a failure is the error event to send back. */
export function parseCommand(data: unknown): Parsed<Command> {
  return parseWith(commandSchema, data, 'command');
}

/** Validates a message from the worker; a failure describes what was wrong with it. */
export function parseEvent(data: unknown): Parsed<WorkerEvent> {
  return parseWith(eventSchema, data, 'event');
}

function parseWith<T>(
  schema: v.GenericSchema<unknown, T>,
  data: unknown,
  what: 'command' | 'event',
): Parsed<T> {
  const result = v.safeParse(schema, data);
  if (result.success) return { success: true, value: result.output };
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const type = typeof record.type === 'string' ? record.type : undefined;
  const requestId = Number.isSafeInteger(record.id) ? (record.id as number) : undefined;
  const issue = result.issues[0];
  const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key));
  const field = path.join('.');
  let message: string;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    message = `a ${what} must be an object with a "type", got ${describeValue(data)}`;
  } else if (field === 'type' && issue.type === 'variant') {
    message = `type: unknown ${what} ${describeValue(record.type)}; expected one of ${issue.expected}`;
  } else if (issue.type === 'strict_object' && issue.expected === 'never') {
    message = `${type}: unknown field ${quote(field)}`;
  } else {
    message = `${type}: ${field || 'message'} ${describe(issue)}`;
  }
  return {
    success: false,
    error: {
      type: 'error',
      ...(requestId !== undefined ? { id: requestId } : {}),
      ...(type !== undefined ? { command: type } : {}),
      ...(field ? { field } : {}),
      message,
    },
  };
}

function describe(issue: v.BaseIssue<unknown>): string {
  if (issue.received === 'undefined') return 'is required';
  // The engine's settings schemas say what they allow in a sentence; valibot's own messages
  // begin with "Invalid".
  if (!issue.message.startsWith('Invalid')) return `${issue.message}, got ${issue.received}`;
  // Checks such as integer() or check() carry no expected value, only their own message.
  if (issue.expected === null) return `is invalid: ${issue.message}`;
  return `must be ${issue.expected}, got ${issue.received}`;
}
