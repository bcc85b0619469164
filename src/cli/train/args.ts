import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { DATASET_NAMES } from '../../engine/datasets';
import { messageOf } from '../../engine/errors';
import { OPTIMIZER_TYPES } from '../../engine/optim';
import { SCHEDULE_TYPES } from '../../engine/train/schedule';
import { trainingSettingsSchema, type TrainingSettings } from '../../engine/train/settings';
import { quote } from '../../engine/quote';

export const USAGE = `usage: npm run train -- <model.json> [more.json …] [--dataset ${DATASET_NAMES.join('|')}] [--epochs N]
       [--batch N] [--optimizer ${OPTIMIZER_TYPES.join('|')}] [--lr X] [--schedule ${SCHEDULE_TYPES.join('|')}]
       [--warmup STEPS] [--augment] [--seed N] [--threads N] [--out trained.json] [--runs DIR]
       [--datasets DIR]
Several models train one after another with the same flags. Flags left out take each model's
"training" values, then the dataset's defaults. --runs DIR keeps a record of every run there (a
folder per run; compare them with npm run runs -- DIR).`;

/** A command line that cannot be used; its message is the one line shown. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliOptions {
  help: boolean;
  /** The model documents' paths as given, trained in this order. */
  models: string[];
  out: string | null;
  /** Where run records go, or null for none. */
  runs: string | null;
  datasets: string | null;
  /** Only what the flags set; the worker merges it over the document's training values. */
  settings: TrainingSettings;
}

const FLAGS = {
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  augment: { type: 'boolean' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  runs: { type: 'string' },
  datasets: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `argv` (without node and the script); throws a UsageError naming the bad flag. */
export function parseCliArgs(argv: string[]): CliOptions {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { help: true, models: [], out: null, runs: null, datasets: null, settings: {} };
  }
  if (positionals.length === 0) {
    throw new UsageError(
      'give the model document to train, e.g. npm run train -- examples/lenet5.json',
    );
  }
  if (values.out !== undefined && positionals.length > 1) {
    throw new UsageError(
      `--out names one file but ${positionals.length} models train; keep them all with --runs DIR`,
    );
  }
  const settings = settingsOf(values);
  return {
    help: false,
    models: positionals,
    out: values.out ?? null,
    runs: values.runs ?? null,
    datasets: values.datasets ?? null,
    settings,
  };
}

function describeParseError(error: unknown): string {
  const message = messageOf(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-[^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag)
    return `unknown option ${flag} (see --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    const name = flag.split(' ')[0];
    if (message.includes('ambiguous'))
      return `option ${name} needs a value; write ${name}=-… for one starting with "-"`;
    if (message.includes('missing')) return `option ${name} needs a value`;
    return `option ${name} takes no value`;
  }
  return message.split('\n')[0];
}

type Values = ReturnType<typeof parseArgs<{ options: typeof FLAGS }>>['values'];

/** Each setting's flag, by the setting's path in the training settings. */
const FLAG_OF: Record<string, string> = {
  dataset: '--dataset',
  epochs: '--epochs',
  batchSize: '--batch',
  seed: '--seed',
  threads: '--threads',
  'optimizer.type': '--optimizer',
  'optimizer.learningRate': '--lr',
  'schedule.type': '--schedule',
  'schedule.warmupSteps': '--warmup',
};

/**
 * The settings the flags give, checked by the training settings' own schema, so a flag takes
 * exactly what a document's `training` takes; a bad one is a UsageError naming the flag.
 */
function settingsOf(values: Values): TrainingSettings {
  const number = (text: string | undefined) =>
    text === undefined ? undefined : text.trim() === '' ? NaN : Number(text);
  const given = {
    dataset: values.dataset,
    epochs: number(values.epochs),
    batchSize: number(values.batch),
    seed: number(values.seed),
    threads: number(values.threads),
    augment: values.augment || undefined,
    optimizer:
      values.optimizer !== undefined || values.lr !== undefined
        ? { type: values.optimizer, learningRate: number(values.lr) }
        : undefined,
    schedule:
      values.schedule !== undefined || values.warmup !== undefined
        ? { type: values.schedule ?? 'constant', warmupSteps: number(values.warmup) }
        : undefined,
  };
  const settings = withoutUndefined(given);
  const result = v.safeParse(trainingSettingsSchema, settings);
  if (!result.success) {
    const issue = result.issues[0];
    const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
    const flag = FLAG_OF[path] ?? path;
    const text = (issue.path?.at(-1) as { value: unknown } | undefined)?.value;
    const typed = flagText(values, flag) ?? String(text);
    throw new UsageError(`${flag} ${issue.message}, got ${quote(typed)}`);
  }
  // The flags' own values: the schema's defaults are the worker's to fill in.
  return settings as TrainingSettings;
}

/** The text typed after `flag`. */
function flagText(values: Values, flag: string): string | undefined {
  const value = (values as Record<string, unknown>)[flag.slice(2)];
  return typeof value === 'string' ? value : undefined;
}

/** `x` with the keys whose value is undefined left out, nested objects too. */
function withoutUndefined<T extends Record<string, unknown>>(x: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(x)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        typeof value === 'object' && value !== null
          ? withoutUndefined(value as Record<string, unknown>)
          : value,
      ]),
  ) as Partial<T>;
}
