// Training workers in the web edition: Web Workers the page starts itself, behind the same
// spawn / post / terminate / message calls the desktop app's main process answers over IPC, so
// the dashboard drives both editions through the backend alike. One worker at a time, as in main.

import type { StudioBackend, Unsubscribe, WorkerMessage } from '../../shared/backend';
import { browserWorkerSpawner } from '../../worker/browser/host';
import type { WorkerHandle } from '../../worker/client';

export type WorkerCalls = Pick<
  StudioBackend,
  'spawnWorker' | 'postToWorker' | 'terminateWorker' | 'onWorkerMessage'
>;

/** `datasetsUrl`: where the server publishes resources/datasets (manifest.json and the files). */
export function webWorkers(datasetsUrl: string): WorkerCalls {
  const spawn = browserWorkerSpawner({ datasetsUrl });
  const listeners = new Set<(message: WorkerMessage) => void>();
  let current: { id: number; handle: WorkerHandle } | null = null;
  let nextId = 1;

  const send = (message: WorkerMessage) => {
    for (const listener of listeners) listener(message);
  };

  async function end(): Promise<void> {
    const handle = current?.handle;
    current = null;
    await handle?.terminate();
  }

  return {
    async spawnWorker() {
      await end();
      const id = nextId++;
      current = {
        id,
        handle: spawn({
          message: (event) => {
            if (current?.id === id) send({ worker: id, kind: 'event', event });
          },
          crash: (reason) => {
            if (current?.id !== id) return;
            current = null;
            send({ worker: id, kind: 'crash', reason });
          },
        }),
      };
      return id;
    },
    async postToWorker(worker, command) {
      // A replaced worker's client has already been told it is gone.
      if (current?.id === worker) current.handle.post(command, []);
    },
    async terminateWorker(worker) {
      if (current?.id === worker) await end();
    },
    onWorkerMessage(listener): Unsubscribe {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
