// What the import worker does with one request, apart from the worker itself (tests run it so):
// reads the file (saying how far), maps it, checks it, lays it out, and posts the document back
// with its weights' memory to transfer rather than copy.

import { checkOnnxSize, type ModelDocument } from '../../engine';
import { importFailure, importModelBytes } from './importModel';
import type { ImportReply, ImportRequest } from './protocol';

export type Post = (reply: ImportReply, transfer?: Transferable[]) => void;

/** How much more of the file is read between two progress messages. */
const STEP = 0.02;

async function read(file: Blob, post: Post): Promise<Uint8Array> {
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let offset = 0;
  let told = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (offset + value.length > bytes.length) throw new Error('The file grew while it was read.');
    bytes.set(value, offset);
    offset += value.length;
    if (offset / bytes.length - told >= STEP) {
      told = offset / bytes.length;
      post({ type: 'progress', stage: 'reading', fraction: told });
    }
  }
  if (offset !== bytes.length) throw new Error('The file changed while it was read.');
  return bytes;
}

/** The buffers the document's weights live in, each once. */
function weightBuffers(document: ModelDocument): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensors of Object.values(document.weights ?? {}))
    for (const t of Object.values(tensors))
      if (t.data instanceof Float32Array && t.data.buffer instanceof ArrayBuffer)
        buffers.add(t.data.buffer);
  return [...buffers];
}

/** The pieces as one array (a copy only when there are several). */
function joined(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export async function runImport(request: ImportRequest, post: Post): Promise<void> {
  const { name } = request;
  try {
    let bytes: Uint8Array;
    if ('chunks' in request) {
      bytes = joined(request.chunks);
      checkOnnxSize(bytes.length);
    } else {
      checkOnnxSize(request.file.size);
      post({ type: 'progress', stage: 'reading', fraction: 0 });
      bytes = await read(request.file, post);
    }
    const imported = importModelBytes(bytes, name, (stage) =>
      post({ type: 'progress', stage, fraction: null }),
    );
    post({ type: 'done', ...imported }, weightBuffers(imported.document));
  } catch (error) {
    post({ type: 'failed', ...importFailure(error) });
  }
}
