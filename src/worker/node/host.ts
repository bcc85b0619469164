// Starts the training worker on a Node worker thread and reports when it dies unasked.

import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TrainingClient, type SpawnWorker } from '../client';

export interface NodeWorkerOptions {
  /** The folder with manifest.json and the dataset files; the checkout's resources/datasets by default. */
  datasetsDir?: string;
  /**
   * The worker module: by default entry.ts or entry.js beside this file, whichever this file is.
   * A bundled app passes its built entry.
   */
  entry?: URL;
  /** Sees each Worker started (e.g. to watch its resources); tests use it to kill one. */
  onSpawn?: (worker: Worker) => void;
}

export const DEFAULT_DATASETS_DIR = fileURLToPath(
  new URL('../../../resources/datasets', import.meta.url),
);

/** The worker module that sits beside this file: TypeScript when run from source, else JavaScript. */
function defaultEntry(): URL {
  return new URL(`./entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
}

/**
 * A worker running `entry`. Node 20 does not apply `--import` loaders to a worker's own entry, so a
 * TypeScript entry (tests, the CLI, development) starts from a few lines that register tsx first.
 */
function startWorker(entry: URL, workerData: { datasetsDir: string }): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export function nodeWorkerSpawner(options: NodeWorkerOptions = {}): SpawnWorker {
  const entry = options.entry ?? defaultEntry();
  const datasetsDir = options.datasetsDir ?? DEFAULT_DATASETS_DIR;
  return (callbacks) => {
    const worker = startWorker(entry, { datasetsDir });
    // Set once the worker is told to end or its death is reported, so each is reported once.
    let ended = false;
    const crash = (reason: string) => {
      if (ended) return;
      ended = true;
      callbacks.crash(reason);
    };
    worker.on('message', callbacks.message);
    worker.on('error', (error) => crash(error.message));
    worker.on('exit', (code) => crash(`it exited with code ${code}`));
    options.onSpawn?.(worker);
    return {
      post: (command, transfer) => worker.postMessage(command, transfer),
      terminate: async () => {
        ended = true;
        await worker.terminate();
      },
    };
  };
}

/** A training client whose workers are Node worker threads. */
export function createNodeTrainingClient(options: NodeWorkerOptions = {}): TrainingClient {
  return new TrainingClient(nodeWorkerSpawner(options));
}
