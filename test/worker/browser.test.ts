import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/worker/client';
import { createBrowserTrainingClient } from '../../src/worker/browser/host';
import { chain } from '../engine/models';

// The Web Worker host and entry, run in one Node thread: a MessageChannel stands in for the
// worker boundary and a local HTTP server for the web edition's dataset files.

const datasets = join(import.meta.dirname, '..', '..', 'resources', 'datasets');
let server: Server;
let datasetsUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = normalize(join(datasets, decodeURIComponent(request.url ?? '/')));
    readFile(path).then(
      (bytes) => response.end(bytes),
      () => {
        response.statusCode = 404;
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  datasetsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The worker's side of the channel becomes `self`, then the entry module starts on it. */
async function startEntry(): Promise<MessagePort> {
  const { port1: inside, port2: outside } = new MessageChannel();
  (globalThis as { self?: unknown }).self = inside;
  await import('../../src/worker/browser/entry');
  inside.start();
  return outside;
}

describe('browser Web Worker host', () => {
  it('trains after the init message, reads datasets over HTTP and reports a crash', async () => {
    const outside = await startEntry();
    let terminated = false;
    const worker = Object.assign(outside, {
      terminate: () => {
        terminated = true;
        outside.close();
      },
    });
    const client = createBrowserTrainingClient({
      datasetsUrl,
      createWorker: () => worker as unknown as Worker,
    });
    const events: ClientEvent[] = [];
    client.subscribe((event) => events.push(event));

    const digitsModel = chain(
      [1, 8, 8],
      [{ type: 'flatten' }, { type: 'dense', params: { units: 10 } }],
    );
    const loaded = await client.load(digitsModel, { dataset: 'digits', epochs: 1 });
    expect(loaded.dataset).toMatchObject({ name: 'digits', height: 8, width: 8, test: 360 });
    const finished = new Promise((resolve) =>
      client.subscribe((event) => event.type === 'finished' && resolve(event)),
    );
    await client.start();
    expect(await finished).toMatchObject({ reason: 'completed', test: { count: 360 } });

    outside.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    expect(events[events.length - 1]).toEqual({
      type: 'crashed',
      message: 'the training worker crashed: out of memory',
    });
    await client.dispose();
    expect(terminated).toBe(true);
  });
});
