// Builds one export off the page's thread: the document in, the files (or why not) out.

import type { ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import { exportFiles, type ExportFormat } from './formats';

export interface ExportJob {
  format: ExportFormat;
  document: ModelDocument;
}

export type ExportReply =
  { ok: true; request: ReturnType<typeof exportFiles> } | { ok: false; message: string };

interface WorkerScope {
  postMessage(message: ExportReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ExportJob>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = ({ data }) => {
  let reply: ExportReply;
  try {
    reply = { ok: true, request: exportFiles(data.format, data.document) };
  } catch (error) {
    reply = { ok: false, message: messageOf(error) };
  }
  const transfer = reply.ok
    ? reply.request.files.flatMap((f) => (typeof f.data === 'string' ? [] : [f.data.buffer]))
    : [];
  scope.postMessage(reply, transfer);
};
