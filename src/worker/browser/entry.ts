// The training worker in a browser Web Worker (the web edition). The host's first message says
// where the datasets are served; everything after it is the protocol.

import * as v from 'valibot';
import { serveTraining } from '../core';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent) => void,
    options?: { once: boolean },
  ): void;
}

const scope = self as unknown as WorkerScope;
const initSchema = v.strictObject({ datasetsUrl: v.string() });

scope.addEventListener(
  'message',
  (first) => {
    const { datasetsUrl } = v.parse(initSchema, first.data);
    serveTraining({
      post: (event, transfer) => scope.postMessage(event, transfer),
      listen: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
      readFile: async (relativePath) => {
        const response = await fetch(new URL(relativePath, datasetsUrl));
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
        return new Uint8Array(await response.arrayBuffer());
      },
      cores: globalThis.navigator?.hardwareConcurrency || 1,
    });
  },
  { once: true },
);
