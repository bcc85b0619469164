import type { Worker } from 'node:worker_threads';
import type { ModelDocument } from '../../src/engine/index';
import type { ClientEvent, TrainingClient } from '../../src/worker/client';
import { createNodeTrainingClient, type NodeWorkerOptions } from '../../src/worker/node/host';
import { chain } from '../engine/models';

/** A small convnet for the 16×16 shapes set: fast enough for many epochs in a test. */
export function tinyModel(): ModelDocument {
  return chain(
    [1, 16, 16],
    [
      {
        id: 'c1',
        type: 'conv2d',
        params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      },
      { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'gap', type: 'globalavgpool' },
      { id: 'out', type: 'dense', params: { units: 4 } },
    ],
  );
}

/** A client on a real worker thread that records every event; `worker()` is the current thread. */
export function recordingClient(options: NodeWorkerOptions = {}): {
  client: TrainingClient;
  events: ClientEvent[];
  worker: () => Worker;
  next: <T extends ClientEvent['type']>(
    type: T,
    where?: (event: Extract<ClientEvent, { type: T }>) => boolean,
  ) => Promise<Extract<ClientEvent, { type: T }>>;
} {
  let current: Worker | null = null;
  const events: ClientEvent[] = [];
  const client = createNodeTrainingClient({ ...options, onSpawn: (w) => (current = w) });
  client.subscribe((event) => events.push(event));
  const next = <T extends ClientEvent['type']>(
    type: T,
    where: (event: Extract<ClientEvent, { type: T }>) => boolean = () => true,
  ) =>
    new Promise<Extract<ClientEvent, { type: T }>>((resolve) => {
      const stop = client.subscribe((event) => {
        if (event.type !== type) return;
        const typed = event as Extract<ClientEvent, { type: T }>;
        if (!where(typed)) return;
        stop();
        resolve(typed);
      });
    });
  return { client, events, worker: () => current!, next };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function count(events: ClientEvent[], type: ClientEvent['type']): number {
  return events.filter((e) => e.type === type).length;
}
