// The import worker: one request in, its progress and result out (runImport.ts).

import type { ImportReply, ImportRequest } from './protocol';
import { runImport } from './runImport';

interface WorkerScope {
  postMessage(message: ImportReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = ({ data }) =>
  void runImport(data, (reply, transfer = []) => scope.postMessage(reply, transfer));
