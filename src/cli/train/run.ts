import { resolve } from 'node:path';
import { ModelError, parseModel, type ModelDocument } from '../../engine/index';
import type { ClientEvent, TrainingClient } from '../../worker/client';
import { createNodeTrainingClient } from '../../worker/node/host';
import type { EventOf } from '../../worker/protocol';
import { parseCliArgs, USAGE, UsageError } from './args';
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

/** Trains the model the arguments name; resolves with the process exit code. */
export async function runCli(
  argv: string[],
  terminal: Terminal = processTerminal(),
): Promise<number> {
  let options;
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
  const modelPath = resolve(base, options.model);
  let document: ModelDocument;
  try {
    const json = await readJson(modelPath);
    parseModel(json);
    document = json as ModelDocument; // just validated by parseModel
  } catch (error) {
    if (error instanceof FileError) terminal.error(error.message);
    else if (error instanceof ModelError) {
      terminal.error(`${options.model}: ${error.problems.map((p) => p.message).join('; ')}`);
    } else throw error;
    return EXIT.failed;
  }

  const client = createNodeTrainingClient(
    options.datasets ? { datasetsDir: resolve(base, options.datasets) } : {},
  );
  try {
    const loaded = await client.load(document, options.settings);
    terminal.line(headerLine(loaded));
    if (loaded.kernels.note) terminal.line(`note: ${loaded.kernels.note}`);
    const { finished, interrupted } = await train(client, terminal);
    if (finished.reason === 'diverged' || finished.reason === 'failed') {
      terminal.error(finished.message ?? `training ${finished.reason}`);
      if (options.out) await save(client, resolve(base, options.out), terminal, 'the kept weights');
      return EXIT.failed;
    }
    if (options.out) await save(client, resolve(base, options.out), terminal, 'the trained model');
    terminal.line(resultLine(finished));
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    terminal.error(oneLine(error));
    return EXIT.failed;
  } finally {
    await client.dispose();
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
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, '; ');
}
