// The run record: everything one training run was and did, in one versioned, validated document
// (docs/run-record.md). The app, the web edition and the CLI all write it the same way; a record
// read back is checked field by field, so a damaged one is reported by name and skipped.

import * as v from 'valibot';
import { messageOf } from '../../engine/errors';
import type { ModelDocument } from '../../engine/index';
import { DATASET_NAMES } from '../protocol';
import { quote, sanitizeMessage } from '../../engine/quote';

export const RUN_FORMAT = 'cnn-studio/run';
export const RUN_VERSION = 2;
/** Older versions this one reads, each upgraded to the current one as it is read. */
const READ_VERSIONS: readonly number[] = [1, RUN_VERSION];

/** Most tags on one run, and the longest tag, name and notes. */
export const RUN_LIMITS = { tags: 32, tag: 40, name: 200, notes: 10_000 } as const;

/** A run's id: also its folder's name on disk, so letters, digits and dashes only. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const finite = v.pipe(v.number(), v.finite());
const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));

export const runIdSchema = v.pipe(v.string(), v.regex(RUN_ID, 'must be a run id'));

const metricsSchema = v.strictObject({
  loss: finite,
  accuracy: fraction,
  correct: count,
  count,
});
export type RunMetrics = v.InferOutput<typeof metricsSchema>;

const notEmpty = v.check((text: string) => text.length > 0, 'must not be empty');

export const tagSchema = v.pipe(v.string(), v.trim(), notEmpty, v.maxLength(RUN_LIMITS.tag));

/** What the user may edit about a run. */
export const labelsEntries = {
  name: v.pipe(v.string(), v.trim(), notEmpty, v.maxLength(RUN_LIMITS.name)),
  notes: v.pipe(v.string(), v.maxLength(RUN_LIMITS.notes)),
  tags: v.pipe(
    v.array(tagSchema),
    v.maxLength(RUN_LIMITS.tags),
    v.check((tags) => new Set(tags).size === tags.length, 'must not repeat a tag'),
  ),
};
export const labelsSchema = v.strictObject(labelsEntries);
export type RunLabels = v.InferOutput<typeof labelsSchema>;

/**
 * How the run ended. `interrupted`: it never said (the app or machine was killed mid-run; a record
 * is written with this outcome while the run goes on, so that is what a kill leaves behind).
 */
export const OUTCOMES = ['finished', 'stopped', 'diverged', 'failed', 'interrupted'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

const outcomeSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('finished') }),
  v.strictObject({ kind: v.literal('stopped') }),
  v.strictObject({ kind: v.literal('diverged'), reason: v.string() }),
  v.strictObject({ kind: v.literal('failed'), reason: v.string() }),
  v.strictObject({ kind: v.literal('interrupted') }),
]);
export type RunOutcome = v.InferOutput<typeof outcomeSchema>;

/**
 * The model as trained, without its weights (they are the run's other part, see RunParts): enough
 * to list, diff and describe the run. Checked for shape here; parseModel checks it fully when the
 * model is opened or trained again.
 */
const modelSchema = v.pipe(
  v.looseObject({
    format: v.literal('cnn-studio/model'),
    version: v.literal(1),
    name: v.optional(v.string()),
    nodes: v.array(v.looseObject({ id: v.string(), type: v.string() })),
    edges: v.array(v.looseObject({ from: v.string(), to: v.string() })),
  }),
  v.check((doc) => !('weights' in doc), 'must not hold weights (they are kept beside the record)'),
  v.transform((doc) => doc as unknown as ModelDocument),
);

/**
 * The settings the run used, every default filled in. Loose, so a record written by a later
 * version with settings this one does not know still reads; the ones every run has are required.
 */
const settingsSchema = v.looseObject({
  dataset: v.picklist(DATASET_NAMES),
  epochs: v.pipe(count, v.minValue(1)),
  batchSize: v.pipe(count, v.minValue(1)),
  seed: count,
  optimizer: v.looseObject({ type: v.string(), learningRate: nonNegative }),
  schedule: v.looseObject({ type: v.string() }),
  augment: v.boolean(),
  threads: v.pipe(count, v.minValue(1)),
});
export type RunSettings = v.InferOutput<typeof settingsSchema>;

const epochSchema = v.strictObject({
  epoch: v.pipe(count, v.minValue(1)),
  step: count,
  train: metricsSchema,
  validation: v.nullable(metricsSchema),
  test: v.nullable(metricsSchema),
});
export type RunEpoch = v.InferOutput<typeof epochSchema>;

/** The training loss and accuracy along the run, one point per progress report (thinned, see recorder). */
const curveSchema = v.pipe(
  v.strictObject({
    step: v.array(count),
    loss: v.array(finite),
    accuracy: v.array(fraction),
  }),
  v.check(
    (c) => c.loss.length === c.step.length && c.accuracy.length === c.step.length,
    'must have as many losses and accuracies as steps',
  ),
);
export type RunCurve = v.InferOutput<typeof curveSchema>;

export const recordSchema = v.pipe(
  v.strictObject({
    format: v.literal(RUN_FORMAT),
    version: v.literal(RUN_VERSION),
    id: runIdSchema,
    ...labelsEntries,
    /** The run whose final weights this one started from, or null when it started afresh. */
    continuedFrom: v.nullable(runIdSchema),
    /** When training started, ISO 8601 in UTC. */
    startedAt: v.pipe(v.string(), v.isoTimestamp()),
    /** Wall-clock seconds from the start to the end (to the last write, if interrupted). */
    seconds: nonNegative,
    outcome: outcomeSchema,
    model: modelSchema,
    dataset: v.strictObject({
      name: v.picklist(DATASET_NAMES),
      classes: v.pipe(v.array(v.string()), v.minLength(1)),
      train: count,
      validation: count,
      test: count,
    }),
    settings: settingsSchema,
    /** The preprocessing used: input = (grey/255 − mean)/std. */
    normalization: v.strictObject({
      kind: v.picklist(['scale', 'standardize']),
      mean: finite,
      std: v.pipe(finite, v.gtValue(0)),
    }),
    params: count,
    /** Multiply-accumulates per image (docs/model-format.md). */
    macs: count,
    kernels: v.strictObject({
      name: v.string(),
      note: v.string(),
      threads: v.pipe(count, v.minValue(1)),
    }),
    stepsPerEpoch: v.pipe(count, v.minValue(1)),
    totalSteps: v.pipe(count, v.minValue(1)),
    /** Optimizer steps taken. */
    steps: count,
    epochs: v.array(epochSchema),
    curve: curveSchema,
    /** The test set after the last step, or null when the run ended without testing. */
    test: v.nullable(metricsSchema),
    /** The test set's K×K confusion counts, row = true class, column = predicted; with `test`. */
    confusion: v.nullable(v.array(count)),
    /** Training images per second over the whole run, evaluation and pauses left out. */
    samplesPerSecond: v.nullable(nonNegative),
  }),
  v.forward(
    v.check(
      (r) => r.confusion === null || r.confusion.length === r.dataset.classes.length ** 2,
      'must hold classes × classes counts',
    ),
    ['confusion'],
  ),
);
export type RunRecord = v.InferOutput<typeof recordSchema>;

/** A run as stored: the record, and the model document with the run's final weights. */
export interface RunParts {
  record: RunRecord;
  /** The model document with every weight and its `training` (normalization included). */
  trained: ModelDocument;
}

const trainedSchema = v.pipe(
  v.looseObject({
    format: v.literal('cnn-studio/model'),
    version: v.literal(1),
    nodes: v.array(v.looseObject({ id: v.string(), type: v.string() })),
    edges: v.array(v.looseObject({ from: v.string(), to: v.string() })),
  }),
  v.transform((doc) => doc as unknown as ModelDocument),
);

/** A run's trained model from its text: JSON of a model document (fully checked when opened). */
export function readTrainedText(text: string): ModelDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunRecordError(
      'trained',
      `the trained model is not valid JSON: ${sanitizeMessage(messageOf(error))}`,
    );
  }
  try {
    return parseWith(trainedSchema, json, 'document');
  } catch (error) {
    const { field, message } = error as RunRecordError;
    throw new RunRecordError(`trained.${field}`, `the trained model's ${message}`);
  }
}

/** A record as stored: indented JSON, so that two records compare line by line. */
export function recordText(record: RunRecord): string {
  return `${JSON.stringify(record, null, 1)}\n`;
}

/** A record that cannot be read: which one, and what is wrong with it, in a sentence. */
export class RunRecordError extends Error {
  override readonly name = 'RunRecordError';
  constructor(
    /** The field at fault, dotted (`epochs.2.train.loss`), or '' for the whole record. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a record read back; throws a RunRecordError naming the first field that is wrong. */
export function parseRunRecord(json: unknown): RunRecord {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RunRecordError('', 'a run record must be a JSON object');
  }
  const record = json as Record<string, unknown>;
  if (record.format !== RUN_FORMAT) {
    throw new RunRecordError('format', `format must be "${RUN_FORMAT}"`);
  }
  if (record.version === undefined) throw new RunRecordError('version', 'version: is required');
  if (!READ_VERSIONS.includes(record.version as number)) {
    throw new RunRecordError(
      'version',
      `version ${String(record.version)} is not one this version reads (it reads ${READ_VERSIONS.join(' and ')})`,
    );
  }
  return parseWith(recordSchema, upgraded(record), 'record');
}

/** A record of an older version as the current version says it. */
function upgraded(record: Record<string, unknown>): Record<string, unknown> {
  if (record.version === RUN_VERSION) return record;
  // Version 1 did not say which run a run continued from; it is read as having started afresh.
  if ('continuedFrom' in record) {
    throw new RunRecordError('continuedFrom', 'continuedFrom: is not a field of version 1');
  }
  return { ...record, version: RUN_VERSION, continuedFrom: null };
}

/** The record with the user's new name, notes and tags; throws a RunRecordError naming a bad one. */
export function relabelRecord(record: RunRecord, labels: RunLabels): RunRecord {
  return { ...record, ...parseWith(labelsSchema, labels, 'labels') };
}

function parseWith<T>(schema: v.GenericSchema<unknown, T>, json: unknown, what: string): T {
  const result = v.safeParse(schema, json);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
  throw new RunRecordError(field, `${field || what}: ${describe(issue)}`);
}

function describe(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a known field';
  if (issue.received === 'undefined') return 'is required';
  if (issue.expected === null || issue.type === 'check' || issue.type === 'regex')
    return issue.message;
  return `must be ${issue.expected}, got ${issue.received}`;
}

/** Records read from text, each with where it came from: the good ones, and why the rest were skipped. */
export interface ReadRuns {
  runs: RunRecord[];
  problems: { source: string; message: string }[];
}

/** A record's text, where it came from, and the id it must have there (its folder's name), if any. */
export interface RunText {
  source: string;
  text: string;
  id?: string;
}

/** Parses each record's text, oldest run first; a corrupt one is reported with its source and skipped. */
export function readRunTexts(entries: RunText[]): ReadRuns {
  const read: ReadRuns = { runs: [], problems: [] };
  for (const { source, text, id } of entries) {
    try {
      const record = parseRunRecord(JSON.parse(text));
      if (id !== undefined && record.id !== id) {
        throw new RunRecordError(
          'id',
          `id: is ${quote(record.id)} where ${quote(id)} was expected`,
        );
      }
      read.runs.push(record);
    } catch (error) {
      const message =
        error instanceof SyntaxError ? `not valid JSON: ${error.message}` : messageOf(error);
      read.problems.push({ source, message });
    }
  }
  read.runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  return read;
}
