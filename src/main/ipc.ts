// Main's side of the bridge. Every message is checked where it arrives: it must come from the
// app's own page and carry exactly the arguments its method takes, or it is refused.

import * as v from 'valibot';
import type { StudioBackend } from '../shared/backend';
import { labelsSchema, recordSchema, runIdSchema } from '../shared/runs/record';
import { Channel, type Method } from '../shared/channels';
import { MAX_FILE_BYTES } from './fileService';

type Arguments<M extends Method> = Parameters<StudioBackend[M]>;

/** What main does for each backend method; the renderer's promise wraps the result. */
export type Handlers = {
  [M in Method]: (
    ...args: Arguments<M>
  ) => Awaited<ReturnType<StudioBackend[M]>> | ReturnType<StudioBackend[M]>;
};

/** A name for a file inside a folder the user chose: no folders, nothing Windows forbids. */
export function isPlainFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '.' && name !== '..' && !/[/\\<>:"|?*\u0000-\u001f]/.test(name);
}

const text = v.pipe(v.string(), v.maxLength(MAX_FILE_BYTES));
const bytes = v.pipe(
  v.instance(Uint8Array),
  v.check((data) => data.byteLength <= MAX_FILE_BYTES, 'is too large'),
);
const fileName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(255),
  v.check(isPlainFileName, 'must be a file name without folders'),
);
const path = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const workerNumber = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

const DocumentStateSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
  path: v.nullable(path),
  dirty: v.boolean(),
});

const SaveRequestSchema = v.strictObject({
  path: v.nullable(path),
  suggestedName: fileName,
  text,
  saveAs: v.boolean(),
});

const ExportRequestSchema = v.strictObject({
  suggestedName: fileName,
  files: v.pipe(
    v.array(v.strictObject({ name: fileName, data: v.union([text, bytes]) })),
    v.minLength(1),
    v.maxLength(64),
    v.check(
      (files) => new Set(files.map((file) => file.name.toLowerCase())).size === files.length,
      'must have distinct names',
    ),
  ),
});

const argumentSchemas: { [M in Method]: v.GenericSchema<unknown, Arguments<M>> } = {
  appInfo: v.strictTuple([]),
  openFile: v.strictTuple([]),
  saveFile: v.strictTuple([SaveRequestSchema]),
  chooseImportFile: v.strictTuple([]),
  readImportFile: v.strictTuple([
    v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  ]),
  exportFiles: v.strictTuple([ExportRequestSchema]),
  autosave: v.strictTuple([text]),
  recoverAutosave: v.strictTuple([]),
  setDocumentState: v.strictTuple([DocumentStateSchema]),
  resumeDocument: v.strictTuple([]),
  recoverTrainedModel: v.strictTuple([]),
  spawnWorker: v.strictTuple([]),
  // The command itself is checked by the worker host with the protocol's schema, which answers a
  // malformed one with the protocol's `error` event rather than a rejected call.
  postToWorker: v.strictTuple([workerNumber, v.looseObject({})]),
  terminateWorker: v.strictTuple([workerNumber]),
  // The record is checked whole, as it will be when read back; the model's text is parsed by the store.
  saveRun: v.strictTuple([recordSchema, text]),
  listRuns: v.strictTuple([]),
  runModel: v.strictTuple([runIdSchema]),
  relabelRun: v.strictTuple([runIdSchema, labelsSchema]),
  deleteRun: v.strictTuple([runIdSchema]),
};

export class IpcRejection extends Error {
  override name = 'IpcRejection';
}

export function parseArguments<M extends Method>(method: M, args: unknown[]): Arguments<M> {
  const result = v.safeParse(argumentSchemas[method], args);
  if (!result.success) {
    throw new IpcRejection(`${Channel[method]}: ${v.summarize(result.issues)}`);
  }
  return result.output;
}

/** The part of Electron's IpcMainInvokeEvent the checks read. */
export interface InvokeEvent {
  senderFrame: { url: string } | null;
}

export type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => unknown;

export function guardedListener<M extends Method>(
  method: M,
  handler: (...args: Arguments<M>) => unknown,
  isTrustedSender: (url: string) => boolean,
): InvokeListener {
  return (event, ...args) => {
    const url = event.senderFrame?.url;
    if (url === undefined || !isTrustedSender(url)) {
      throw new IpcRejection(
        `${Channel[method]}: refused a message from ${url ?? 'a closed frame'}`,
      );
    }
    return handler(...parseArguments(method, args));
  };
}

/** Registers one guarded listener per method through `handle` (ipcMain.handle in the app). */
export function registerHandlers(
  handle: (channel: string, listener: InvokeListener) => void,
  handlers: Handlers,
  isTrustedSender: (url: string) => boolean,
): void {
  for (const method of Object.keys(Channel) as Method[]) {
    const handler = handlers[method] as (...args: Arguments<typeof method>) => unknown;
    handle(Channel[method], guardedListener(method, handler, isTrustedSender));
  }
}
