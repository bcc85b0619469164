import { resolve } from 'node:path';
import { messageOf } from '../../engine/errors';
import { ModelError, parseModel, type ModelDocument } from '../../engine/index';
import type { ClientEvent, TrainingClient } from '../../worker/client';
import { createNodeTrainingClient } from '../../worker/node/host';
import type { EventOf } from '../../shared/protocol';
import { checkWritable, makeFolders, WriteError } from '../../node/folders';
import { RunFolders } from '../../node/runFolders';
import { RunKeeper } from '../../shared/runs/keeper';
import type { RunRecord } from '../../shared/runs/record';
import { newRunId, RunRecorder } from '../../shared/runs/recorder';
import { columnOf, runsMarkdown } from '../../shared/runs/table';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { FileError, readJson, writeJsonAtomically } from './files';
import { epochLine, headerLine, progressLine, resultLine } from './format';

/** Where the CLI writes: lines, and on a terminal a status line redrawn in place. */
export interface Terminal {
  tty: boolean;
  line(text: string): void;
  status(text: string): void;
  error(text: string): void;
  /** Calls `handler` on Ctrl+C; returns the function that stops listening. */
  onInterrupt(handler: () => void): () => void;
}

export function processTerminal(): Terminal {
  const tty = process.stdout.isTTY === true;
  let status = false;
  const clear = () => {
    if (status) process.stdout.write('\r\x1b[2K');
    status = false;
  };
  return {
    tty,
    line: (text) => {
      clear();
      process.stdout.write(`${text}\n`);
    },
    status: (text) => {
      process.stdout.write(`\r\x1b[2K${text}`);
      status = true;
    },
    error: (text) => {
      clear();
      process.stderr.write(`error: ${text}\n`);
    },
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Without a terminal, a progress line at most this often. */
const PLAIN_PROGRESS_MS = 5000;

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Trains the models the arguments name, one after another; resolves with the process exit code. */
export async function runCli(
  argv: string[],
  terminal: Terminal = processTerminal(),
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    terminal.error(error.message);
    return EXIT.usage;
  }
  if (options.help) {
    terminal.line(USAGE);
    return EXIT.ok;
  }
  // `npm run` starts scripts in the package folder; INIT_CWD is where the user typed the command.
  const base = process.env.INIT_CWD ?? process.cwd();
  // Every model is read and checked first: a typo in the last one should not wait for the others.
  const models: { path: string; document: ModelDocument }[] = [];
  for (const path of options.models) {
    const document = await readModel(resolve(base, path), path, terminal);
    if (!document) return EXIT.failed;
    models.push({ path, document });
  }
  // Where the results go is checked before any training: a run is not lost to a bad path.
  const out = options.out === null ? null : resolve(base, options.out);
  const runs = options.runs === null ? null : new RunFolders(resolve(base, options.runs));
  try {
    if (out) await checkWritable(out);
    if (runs) await makeFolders(runs.root);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    terminal.error(error.message);
    return EXIT.failed;
  }
  const client = createNodeTrainingClient(
    options.datasets ? { datasetsDir: resolve(base, options.datasets) } : {},
  );
  const records: RunRecord[] = [];
  let code: number = EXIT.ok;
  try {
    for (const [index, { path, document }] of models.entries()) {
      if (models.length > 1) terminal.line(`model ${index + 1}/${models.length}: ${path}`);
      const result = await trainOne(client, document, options.settings, out, runs, terminal);
      if (result.record) records.push(result.record);
      code = Math.max(code, result.code);
      if (result.code === EXIT.interrupted && index < models.length - 1) {
        const left = models.length - index - 1;
        terminal.line(`skipped the ${left === 1 ? 'last model' : `last ${left} models`}`);
        break;
      }
    }
  } finally {
    await client.dispose();
  }
  if (runs && records.length > 0) {
    if (records.length > 1) terminal.line(`\n${runsMarkdown(records, SUMMARY_COLUMNS).trimEnd()}`);
    terminal.line(
      `recorded ${records.length === 1 ? 'the run' : `${records.length} runs`} in ${runs.root}`,
    );
  }
  return code;
}

/** The columns of the table that ends a CLI session of several models. */
const SUMMARY_COLUMNS = [
  'name',
  'outcome',
  'accuracy',
  'loss',
  'params',
  'macs',
  'seconds',
  'speed',
].map(columnOf);

async function readModel(
  path: string,
  given: string,
  terminal: Terminal,
): Promise<ModelDocument | null> {
  try {
    const json = await readJson(path);
    parseModel(json);
    return json as ModelDocument; // just validated by parseModel
  } catch (error) {
    if (error instanceof FileError) terminal.error(error.message);
    else if (error instanceof ModelError) {
      terminal.error(`${given}: ${error.problems.map((p) => p.message).join('; ')}`);
    } else throw error;
    return null;
  }
}

/** Trains one model, recording the run when asked to; an error of this run ends only this run. */
async function trainOne(
  client: TrainingClient,
  document: ModelDocument,
  settings: CliOptions['settings'],
  out: string | null,
  runs: RunFolders | null,
  terminal: Terminal,
): Promise<{ code: number; record: RunRecord | null }> {
  let keeper: RunKeeper | null = null;
  try {
    const loaded = await client.load(document, settings);
    terminal.line(headerLine(loaded));
    if (loaded.kernels.note) terminal.line(`note: ${loaded.kernels.note}`);
    if (runs) {
      const startedAt = new Date();
      const recorder = new RunRecorder({
        id: newRunId(startedAt),
        startedAt,
        model: document,
        loaded,
      });
      keeper = new RunKeeper(recorder, client, runs, (message) =>
        terminal.error(`${message}; training goes on`),
      );
    }
    const { finished, interrupted } = await train(client, terminal);
    await keeper?.close();
    const record = keeper?.record() ?? null;
    if (finished.reason === 'diverged' || finished.reason === 'failed') {
      terminal.error(finished.message ?? `training ${finished.reason}`);
      if (out) await save(client, out, terminal, 'the kept weights');
      return { code: EXIT.failed, record };
    }
    if (out) await save(client, out, terminal, 'the trained model');
    terminal.line(resultLine(finished));
    return { code: interrupted ? EXIT.interrupted : EXIT.ok, record };
  } catch (error) {
    await keeper?.close();
    terminal.error(oneLine(error));
    return { code: EXIT.failed, record: keeper?.record() ?? null };
  }
}

async function save(client: TrainingClient, path: string, terminal: Terminal, what: string) {
  await writeJsonAtomically(path, await client.weights());
  terminal.line(`wrote ${what} to ${path}`);
}

/** Starts the run and shows it until it finishes; Ctrl+C stops it (twice quits at once). */
function train(
  client: TrainingClient,
  terminal: Terminal,
): Promise<{ finished: EventOf<'finished'>; interrupted: boolean }> {
  return new Promise((resolvePromise, reject) => {
    let interrupted = false;
    let lastPlain = -Infinity;
    const show = (event: ClientEvent) => {
      switch (event.type) {
        case 'progress':
          if (terminal.tty) terminal.status(progressLine(event, true));
          else if (performance.now() - lastPlain >= PLAIN_PROGRESS_MS) {
            lastPlain = performance.now();
            terminal.line(progressLine(event, false));
          }
          return;
        case 'epoch':
          terminal.line(epochLine(event));
          return;
        case 'finished':
          done();
          resolvePromise({ finished: event, interrupted });
          return;
        case 'crashed':
          done();
          reject(new Error(event.message));
          return;
      }
    };
    const unsubscribe = client.subscribe(show);
    const stopListening = terminal.onInterrupt(() => {
      if (interrupted) process.exit(EXIT.interrupted);
      interrupted = true;
      terminal.line('stopping: evaluating the test set (Ctrl+C again to quit now)');
      client.stop().catch(() => undefined); // already finishing: nothing to stop
    });
    const done = () => {
      unsubscribe();
      stopListening();
    };
    client.start().catch((error: unknown) => {
      done();
      reject(error);
    });
  });
}

function oneLine(error: unknown): string {
  return messageOf(error).replace(/\s*\n\s*/g, '; ');
}
