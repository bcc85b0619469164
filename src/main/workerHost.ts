// The training worker in the main process. The page's TrainingClient drives it through the
// backend (spawn, post, terminate) exactly as the web edition drives a Web Worker; this host starts
// the worker thread, checks every message crossing it with the protocol's schemas, and relays it.
// A worker that dies unasked is reported to the page, whose client restarts it with the last
// model document. Passing by, the host keeps what the run's state is (for the Train menu) and the
// model with its latest trained weights (for the autosave).

import type { WorkerMessage } from '../shared/backend';
import type { SpawnWorker, WorkerHandle } from '../worker/client';
import { parseCommand, parseEvent, type RunState, type WorkerEvent } from '../shared/protocol';

export interface WorkerHostOptions {
  /** Starts one worker (nodeWorkerSpawner in the app). */
  spawn: SpawnWorker;
  /** Delivers a message to the page. */
  send(message: WorkerMessage): void;
  /** The model document with the weights of a run that has trained, each time the page fetches it. */
  onTrainedModel(document: object): void;
  /** The run's state whenever it changes; `empty` while no worker holds a model. */
  onRunState(state: RunState): void;
}

export class WorkerHost {
  private current: { id: number; handle: WorkerHandle } | null = null;
  private nextId = 1;
  /** Whether the current model has trained at all, so untrained weights are not autosaved as trained. */
  private trained = false;

  constructor(private readonly options: WorkerHostOptions) {}

  /** Starts a fresh worker, ending the current one; returns its number. */
  spawn(): number {
    void this.end();
    const id = this.nextId++;
    this.current = {
      id,
      handle: this.options.spawn({
        message: (data) => this.received(id, data),
        crash: (reason) => this.crashed(id, reason),
      }),
    };
    return id;
  }

  /**
   * Checks a command from the page and passes it on, its typed arrays' buffers transferred (they
   * are main's own copies, made by IPC). A malformed one is answered the way the worker would.
   */
  post(worker: number, command: unknown): void {
    // A replaced worker's client has already been told it is gone.
    if (this.current?.id !== worker) return;
    const parsed = parseCommand(command);
    if (!parsed.success) {
      this.options.send({ worker, kind: 'event', event: parsed.error });
      return;
    }
    this.current.handle.post(parsed.value, transferables(parsed.value));
  }

  /** Ends the worker if it is still the current one. */
  async terminate(worker: number): Promise<void> {
    if (this.current?.id === worker) await this.end();
  }

  /** Ends whatever worker is running (the app is quitting, or the page was reloaded). */
  async end(): Promise<void> {
    const handle = this.current?.handle;
    this.current = null;
    this.trained = false;
    this.options.onRunState('empty');
    await handle?.terminate();
  }

  private received(id: number, data: unknown): void {
    if (this.current?.id !== id) return;
    const parsed = parseEvent(data);
    if (!parsed.success) {
      const message = `invalid event from the worker: ${parsed.error.message}`;
      this.options.send({ worker: id, kind: 'event', event: { ...parsed.error, message } });
      return;
    }
    this.observe(parsed.value);
    this.options.send({ worker: id, kind: 'event', event: parsed.value });
  }

  private observe(event: WorkerEvent): void {
    switch (event.type) {
      case 'loaded':
        this.trained = false;
        this.options.onRunState('ready');
        break;
      case 'status':
        this.options.onRunState(event.state);
        break;
      case 'epoch':
        this.trained = true;
        break;
      case 'finished':
        this.trained = true;
        this.options.onRunState('finished');
        break;
      case 'weights':
        if (this.trained) this.options.onTrainedModel(event.document);
        break;
    }
  }

  private crashed(id: number, reason: string): void {
    if (this.current?.id !== id) return;
    this.current = null;
    this.trained = false;
    this.options.onRunState('empty');
    this.options.send({ worker: id, kind: 'crash', reason });
  }
}

/**
 * The buffers of the typed arrays in a message that can be transferred: those a view covers whole
 * (transferring a pooled buffer would take other data with it) and that are not shared.
 */
export function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const { buffer } = value;
    if (
      buffer instanceof ArrayBuffer &&
      value.byteOffset === 0 &&
      value.byteLength === buffer.byteLength
    ) {
      found.add(buffer);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) transferables(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) transferables(item, found);
  }
  return [...found];
}
