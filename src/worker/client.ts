import type { ModelDocument } from '../engine/index';
import {
  parseEvent,
  type CommandInput,
  type EventOf,
  type EventType,
  type Image,
  type ImageSource,
  type SplitName,
  type TrainingSettings,
  type WorkerEvent,
} from '../shared/protocol';

/** What a host hands the client for one worker it started. */
export interface WorkerHandle {
  /** Sends a command; the listed buffers are transferred. */
  post(command: object, transfer: ArrayBuffer[]): void;
  /** Ends the worker; no crash is reported for it. */
  terminate(): Promise<void>;
}

export interface WorkerCallbacks {
  /** Every message from the worker, unvalidated. */
  message(data: unknown): void;
  /** The worker died without being asked to (an uncaught error, a kill, running out of memory). */
  crash(reason: string): void;
}

/** Starts a fresh worker; each host (Node, browser) supplies one. */
export type SpawnWorker = (callbacks: WorkerCallbacks) => WorkerHandle;

/** The worker's events, plus the client's own report of a crashed worker. */
export type ClientEvent = WorkerEvent | { type: 'crashed'; message: string };

/** A command the worker answered with an `error` event. */
export class WorkerCommandError extends Error {
  override readonly name = 'WorkerCommandError';
  readonly field: string | undefined;

  constructor(event: EventOf<'error'>) {
    super(event.message);
    this.field = event.field;
  }
}

interface Pending {
  expect: EventType;
  /** The client's own request: its reply is not passed to listeners. */
  quiet: boolean;
  resolve(event: WorkerEvent): void;
  reject(error: Error): void;
}

/**
 * The host side of the protocol, the same under Node and in browsers: sends commands, checks every
 * event that arrives, pairs replies with their requests, and notices a crashed worker. It keeps
 * the last model document (refreshed with the trained weights at every epoch end and at the
 * finish), so `restart()` can bring a fresh worker back to where the user's work was.
 */
export class TrainingClient {
  private handle: WorkerHandle | null = null;
  private readonly listeners = new Set<(event: ClientEvent) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private document: ModelDocument | null = null;
  private settings: TrainingSettings | undefined;

  constructor(private readonly spawn: SpawnWorker) {
    this.open();
  }

  /** The most recent model document: as loaded, or with the weights of the last epoch end. */
  get lastDocument(): ModelDocument | null {
    return this.document;
  }

  /** Calls `listener` with every event (replies included) and crash; returns the unsubscribe. */
  subscribe(listener: (event: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async load(model: ModelDocument, settings?: TrainingSettings): Promise<EventOf<'loaded'>> {
    const loaded = await this.request(
      { type: 'load', model, ...(settings ? { settings } : {}) },
      'loaded',
    );
    this.document = model;
    this.settings = settings;
    return loaded;
  }

  start(): Promise<EventOf<'status'>> {
    return this.request({ type: 'start' }, 'status');
  }

  pause(): Promise<EventOf<'status'>> {
    return this.request({ type: 'pause' }, 'status');
  }

  resume(): Promise<EventOf<'status'>> {
    return this.request({ type: 'resume' }, 'status');
  }

  stop(): Promise<EventOf<'status'>> {
    return this.request({ type: 'stop' }, 'status');
  }

  setHyperparameters(changes: {
    learningRate?: number;
    augment?: boolean;
  }): Promise<EventOf<'status'>> {
    return this.request({ type: 'setHyperparameters', ...changes }, 'status');
  }

  async weights(): Promise<ModelDocument> {
    return (await this.request({ type: 'getWeights' }, 'weights')).document;
  }

  kernels(layer: string, epoch?: number): Promise<EventOf<'kernels'>> {
    return this.request(
      { type: 'getKernels', layer, ...(epoch !== undefined ? { epoch } : {}) },
      'kernels',
    );
  }

  featureMaps(source: ImageSource): Promise<EventOf<'featureMaps'>> {
    const transfer = source.kind === 'image' ? [copyBuffer(source.image)] : [];
    const sent =
      source.kind === 'image'
        ? { ...source, image: withPixels(source.image, transfer[0]) }
        : source;
    return this.request({ type: 'getFeatureMaps', source: sent }, 'featureMaps', transfer);
  }

  predict(image: Image): Promise<EventOf<'prediction'>> {
    const buffer = copyBuffer(image);
    return this.request({ type: 'predict', image: withPixels(image, buffer) }, 'prediction', [
      buffer,
    ]);
  }

  confusion(): Promise<EventOf<'confusion'>> {
    return this.request({ type: 'getConfusion' }, 'confusion');
  }

  /** The test images of a confusion cell, as predicted at `step` (an epoch's end) or now. */
  misclassified(
    trueClass: number,
    predictedClass: number,
    limit?: number,
    step?: number,
  ): Promise<EventOf<'misclassified'>> {
    return this.request(
      {
        type: 'getMisclassified',
        trueClass,
        predictedClass,
        ...(limit !== undefined ? { limit } : {}),
        ...(step !== undefined ? { step } : {}),
      },
      'misclassified',
    );
  }

  samples(split: SplitName, indices: number[]): Promise<EventOf<'samples'>> {
    return this.request({ type: 'getSamples', split, indices }, 'samples');
  }

  /**
   * Replaces the worker (crashed or not) with a fresh one and loads the last document into it with
   * the last settings; resolves with its `loaded`, or null when nothing was loaded before.
   */
  async restart(): Promise<EventOf<'loaded'> | null> {
    await this.close();
    this.open();
    return this.document ? this.load(this.document, this.settings) : null;
  }

  /** Ends the worker; pending requests are rejected. */
  async dispose(): Promise<void> {
    await this.close();
  }

  /** Sends a raw message, unchecked: for hosts relaying messages they validate themselves, and tests. */
  postRaw(message: unknown): void {
    this.handle?.post(message as object, []);
  }

  private open(): void {
    let handle: WorkerHandle | null = null;
    // Callbacks of a worker that has since been replaced are ignored.
    const current = () => handle !== null && handle === this.handle;
    handle = this.spawn({
      message: (data) => current() && this.receive(data),
      crash: (reason) => current() && this.crashed(reason),
    });
    this.handle = handle;
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.rejectAll('the training worker was shut down');
    await handle?.terminate();
  }

  private crashed(reason: string): void {
    // A browser worker may live on after an uncaught error; it must not keep computing.
    this.handle?.terminate().catch(() => undefined);
    this.handle = null;
    const message = `the training worker crashed: ${reason}`;
    this.rejectAll(message);
    this.emit({ type: 'crashed', message });
  }

  private rejectAll(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(message));
    this.pending.clear();
  }

  private receive(data: unknown): void {
    const parsed = parseEvent(data);
    if (!parsed.success) {
      this.emit({
        ...parsed.error,
        message: `invalid event from the worker: ${parsed.error.message}`,
      });
      return;
    }
    const event = parsed.value;
    const id = 'id' in event ? event.id : undefined;
    const pending = id !== undefined ? this.pending.get(id) : undefined;
    if (pending && id !== undefined) {
      this.pending.delete(id);
      if (event.type === 'error') pending.reject(new WorkerCommandError(event));
      else if (event.type === pending.expect) pending.resolve(event);
      else pending.reject(new Error(`expected a ${pending.expect} reply, got ${event.type}`));
    }
    if (event.type === 'epoch' || event.type === 'finished') this.refreshDocument();
    if (!pending?.quiet) this.emit(event);
  }

  /** Keeps the last document current, so a crash loses at most the epoch in progress. */
  private refreshDocument(): void {
    this.request({ type: 'getWeights' }, 'weights', [], true).then(
      ({ document }) => (this.document = document),
      () => undefined, // A crash or shutdown in between is reported on its own.
    );
  }

  private emit(event: ClientEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private request<T extends EventType>(
    command: CommandInput,
    expect: T,
    transfer: ArrayBuffer[] = [],
    quiet = false,
  ): Promise<EventOf<T>> {
    const handle = this.handle;
    if (!handle) return Promise.reject(new Error('the training worker is not running; restart it'));
    const id = this.nextId++;
    return new Promise<EventOf<T>>((resolve, reject) => {
      this.pending.set(id, {
        expect,
        quiet,
        resolve: resolve as (event: WorkerEvent) => void,
        reject,
      });
      handle.post({ ...command, id }, transfer);
    });
  }
}

/** A copy of the image's pixels in a buffer of their own, safe to transfer. */
function copyBuffer(image: Image): ArrayBuffer {
  return image.pixels.slice().buffer;
}

function withPixels(image: Image, buffer: ArrayBuffer): Image {
  return { width: image.width, height: image.height, pixels: new Uint8Array(buffer) };
}
