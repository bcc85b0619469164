// A SpawnWorker over the backend: in the desktop app the training worker runs in the main process
// (worker_threads), and the page's TrainingClient reaches it through `window.studio` with this.
// `new TrainingClient(bridgeWorkerSpawner(backend))` then behaves as it does over a Web Worker,
// restart() included.

import { messageOf } from '../engine/errors';
import type { SpawnWorker } from './client';
import type { StudioBackend, WorkerMessage } from '../shared/backend';

export type WorkerBackend = Pick<
  StudioBackend,
  'spawnWorker' | 'postToWorker' | 'terminateWorker' | 'onWorkerMessage'
>;

export function bridgeWorkerSpawner(backend: WorkerBackend): SpawnWorker {
  return (callbacks) => {
    let worker: number | null = null;
    // Messages arriving before spawnWorker has answered wait until this worker's number is known.
    const early: WorkerMessage[] = [];
    const deliver = (message: WorkerMessage): void => {
      if (message.worker !== worker) return;
      if (message.kind === 'event') {
        callbacks.message(message.event);
      } else {
        unsubscribe();
        callbacks.crash(message.reason);
      }
    };
    const unsubscribe = backend.onWorkerMessage((message) => {
      if (worker === null) early.push(message);
      else deliver(message);
    });
    const spawned = backend.spawnWorker().then((id) => {
      worker = id;
      for (const message of early.splice(0)) deliver(message);
      return id;
    });
    spawned.catch((error: unknown) => {
      unsubscribe();
      callbacks.crash(messageOf(error));
    });
    return {
      // Buffers cannot be transferred across IPC; they are copied once, and transferred in main.
      // A failed spawn is reported as a crash above; main answers a bad command with an `error`
      // event, as the worker would, so there is nothing more to report here.
      post: (command) => {
        spawned.then((id) => backend.postToWorker(id, command)).catch(() => undefined);
      },
      terminate: async () => {
        unsubscribe();
        const id = await spawned.catch(() => null);
        if (id !== null) await backend.terminateWorker(id);
      },
    };
  };
}
