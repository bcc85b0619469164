// Starts the training worker as a browser Web Worker (the web edition and its end-to-end tests).

import { TrainingClient, type SpawnWorker } from '../client';

export interface BrowserWorkerOptions {
  /** Absolute URL of the folder served with manifest.json and the dataset files, ending in `/`. */
  datasetsUrl: string;
  /** Makes the Worker; by default the bundler's module worker of ./entry.ts. */
  createWorker?: () => Worker;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./entry.ts', import.meta.url), { type: 'module' });
}

export function browserWorkerSpawner(options: BrowserWorkerOptions): SpawnWorker {
  return (callbacks) => {
    const worker = (options.createWorker ?? defaultWorker)();
    let ended = false;
    worker.addEventListener('message', (event) => callbacks.message(event.data));
    worker.addEventListener('error', (event) => {
      if (ended) return;
      ended = true;
      callbacks.crash(event.message || 'an uncaught error');
    });
    worker.postMessage({ datasetsUrl: options.datasetsUrl });
    return {
      post: (command, transfer) => worker.postMessage(command, transfer),
      terminate: async () => {
        ended = true;
        worker.terminate();
      },
    };
  };
}

/** A training client whose workers are Web Workers. */
export function createBrowserTrainingClient(options: BrowserWorkerOptions): TrainingClient {
  return new TrainingClient(browserWorkerSpawner(options));
}
