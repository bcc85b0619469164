import { parseArgs } from 'node:util';
import { DATASET_NAMES, OPTIMIZER_TYPES, type TrainingSettings } from '../../worker/protocol';

export const USAGE = `usage: npm run train -- <model.json> [--dataset mnist|digits|shapes] [--epochs N] [--batch N]
       [--optimizer sgd|adam|adamw] [--lr X] [--schedule constant|step|cosine] [--warmup STEPS]
       [--augment] [--seed N] [--threads N] [--out trained.json] [--datasets DIR]
Flags left out take the model's "training" values, then the defaults.`;

/** A command line that cannot be used; its message is the one line shown. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliOptions {
  help: boolean;
  /** The model document's path as given. */
  model: string;
  out: string | null;
  datasets: string | null;
  /** Only what the flags set; the worker merges it over the document's training values. */
  settings: TrainingSettings;
}

const SCHEDULES = ['constant', 'step', 'cosine'] as const;

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
  if (values.help) return { help: true, model: '', out: null, datasets: null, settings: {} };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'give the model document to train, e.g. npm run train -- examples/lenet5.json'
        : `give one model document, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const settings: TrainingSettings = {};
  if (values.dataset !== undefined)
    settings.dataset = oneOf('--dataset', values.dataset, DATASET_NAMES);
  if (values.epochs !== undefined) settings.epochs = whole('--epochs', values.epochs, 1, 10_000);
  if (values.batch !== undefined) settings.batchSize = whole('--batch', values.batch, 1, 4096);
  if (values.seed !== undefined) settings.seed = whole('--seed', values.seed, 0, 0xffffffff);
  if (values.threads !== undefined) settings.threads = whole('--threads', values.threads, 1, 64);
  if (values.augment) settings.augment = true;
  if (values.optimizer !== undefined || values.lr !== undefined) {
    settings.optimizer = {
      ...(values.optimizer !== undefined
        ? { type: oneOf('--optimizer', values.optimizer, OPTIMIZER_TYPES) }
        : {}),
      ...(values.lr !== undefined ? { learningRate: positive('--lr', values.lr) } : {}),
    };
  }
  if (values.schedule !== undefined || values.warmup !== undefined) {
    settings.schedule = {
      type:
        values.schedule !== undefined
          ? oneOf('--schedule', values.schedule, SCHEDULES)
          : 'constant',
      ...(values.warmup !== undefined
        ? { warmupSteps: whole('--warmup', values.warmup, 0, 1e9) }
        : {}),
    };
  }
  return {
    help: false,
    model: positionals[0],
    out: values.out ?? null,
    datasets: values.datasets ?? null,
    settings,
  };
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
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

function whole(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} must be a number > 0, got "${text}"`);
  }
  return value;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}
