// The training worker under Node worker_threads (the Electron main process and the CLI host it).

import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import * as v from 'valibot';
import { serveTraining } from '../core';

const { datasetsDir } = v.parse(v.strictObject({ datasetsDir: v.string() }), workerData);
const port = parentPort;
if (!port) throw new Error('the training worker must run in a worker thread');

serveTraining({
  post: (event, transfer) => port.postMessage(event, transfer),
  listen: (handler) => port.on('message', handler),
  readFile: async (relativePath) => {
    const bytes = await readFile(join(datasetsDir, relativePath));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
  cores: availableParallelism(),
  // The kernels' helper threads end with this worker; unref'd, they never keep a process alive.
  spawn: (source) => {
    const helper = new Worker(source, { eval: true });
    helper.unref();
    return helper;
  },
});
