// Runs File ▸ Import… and a file dropped on the window: one at a time, converted in a worker of
// its own so the page never waits on it. Its progress is state the window shows; cancelling ends
// the worker and changes nothing.

import { checkOnnxSize } from '../../engine';
import { messageOf } from '../../engine/errors';
import type { ImportFileRef } from '../../shared/backend';
import {
  importFailure,
  type ImportedModel,
  type ImportFailure,
  type ImportStage,
} from './importModel';
import type { ImportReply, ImportRequest } from './protocol';

export type ImportWorker = () => Worker;

const defaultWorker: ImportWorker = () =>
  new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });

/** The file types Import… offers and a drop on the window takes. */
export const IMPORT_EXTENSIONS = ['.onnx'];

/** Whether a file of this name is one Import… takes. */
export const importable = (name: string) =>
  IMPORT_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));

export interface ImportProgress {
  name: string;
  stage: ImportStage;
  /** 0–1 while the file is read; null when the stage's length is unknown. */
  fraction: number | null;
}

export interface ImportOutcome {
  /** An import finished: the document to open. */
  imported(name: string, model: ImportedModel): void;
  /** It failed; nothing was opened. */
  failed(name: string, failure: ImportFailure): void;
}

interface Job {
  name: string;
  cancelled: boolean;
  /** Ends the job: its worker, its progress, the promise its caller waits on. */
  end: () => void;
}

const oneLine = (message: string): ImportFailure => ({ message, details: [] });

export class ModelImporter {
  /** The import in progress, if any. */
  progress: ImportProgress | null = $state(null);
  #job: Job | null = null;

  constructor(
    private readonly outcome: ImportOutcome,
    private readonly worker: ImportWorker = defaultWorker,
  ) {}

  /** Imports a file the page holds (a drop); resolves when it is open, failed or was cancelled. */
  importFile(file: File): Promise<void> {
    const job = this.#start(file.name, file.size);
    return job ? this.#convert(job, { name: file.name, file }) : Promise.resolve();
  }

  /** Imports the file the host's dialog chose, reading it from the host piece by piece. */
  async importChosen(
    ref: ImportFileRef,
    read: (offset: number) => Promise<Uint8Array<ArrayBuffer>>,
  ): Promise<void> {
    const job = this.#start(ref.name, ref.size);
    if (!job) return;
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let offset = 0;
    try {
      while (offset < ref.size) {
        const chunk = await read(offset);
        if (job.cancelled) return;
        if (chunk.length === 0)
          throw new Error(`it ended after ${offset} of its ${ref.size} bytes`);
        chunks.push(chunk);
        offset += chunk.length;
        this.progress = { name: ref.name, stage: 'reading', fraction: offset / ref.size };
      }
    } catch (error) {
      if (job.cancelled) return;
      job.end();
      this.outcome.failed(ref.name, oneLine(`It could not be read: ${messageOf(error)}`));
      return;
    }
    await this.#convert(
      job,
      { name: ref.name, chunks },
      chunks.map((c) => c.buffer),
    );
  }

  /** Stops the import in progress; the document open stays as it was. */
  cancel(): void {
    const job = this.#job;
    if (!job) return;
    job.cancelled = true;
    job.end();
  }

  #start(name: string, size: number): Job | null {
    const refuse = (failure: ImportFailure) => {
      this.outcome.failed(name, failure);
      return null;
    };
    if (!importable(name))
      return refuse(oneLine(`Only ONNX files (${IMPORT_EXTENSIONS.join(', ')}) can be imported.`));
    if (this.#job) return refuse(oneLine(`${this.#job.name} is still being imported.`));
    try {
      checkOnnxSize(size);
    } catch (error) {
      return refuse(importFailure(error));
    }
    const job: Job = {
      name,
      cancelled: false,
      end: () => {
        this.#job = null;
        this.progress = null;
      },
    };
    this.#job = job;
    this.progress = { name, stage: 'reading', fraction: 0 };
    return job;
  }

  /** Runs the request in a worker; `transfer` moves the memory of pieces read here to it. */
  #convert(job: Job, request: ImportRequest, transfer: Transferable[] = []): Promise<void> {
    if (job.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const worker = this.worker();
      const release = job.end;
      job.end = () => {
        worker.terminate();
        release();
        resolve();
      };
      worker.onmessage = ({ data }: MessageEvent<ImportReply>) => {
        if (data.type === 'progress') {
          this.progress = { name: job.name, stage: data.stage, fraction: data.fraction };
          return;
        }
        job.end();
        if (data.type === 'done')
          this.outcome.imported(job.name, { document: data.document, report: data.report });
        else this.outcome.failed(job.name, { message: data.message, details: data.details });
      };
      worker.onerror = (event) => {
        job.end();
        this.outcome.failed(
          job.name,
          oneLine(`The import stopped: ${event.message || 'its worker failed'}.`),
        );
      };
      worker.postMessage(request, transfer);
    });
  }
}
