// Main's side of the bridge. Every message is checked where it arrives: it must come from the
// app's own page and carry exactly the arguments its method takes, or it is refused.

import * as v from 'valibot';
import type { StudioBackend } from '../shared/backend';
import { Channel } from '../shared/channels';

export type Method = keyof StudioBackend;

type Arguments<M extends Method> = Parameters<StudioBackend[M]>;

/** What main does for each backend method; the renderer's promise wraps the result. */
export type Handlers = {
  [M in Method]: (...args: Arguments<M>) => Awaited<ReturnType<StudioBackend[M]>>;
};

export const argumentSchemas: { [M in Method]: v.GenericSchema<unknown, Arguments<M>> } = {
  appInfo: v.strictTuple([]),
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
    handle(Channel[method], guardedListener(method, handlers[method], isTrustedSender));
  }
}
