// Runs the Export menu's exports: each in a short-lived worker, then written by the host (a file or
// a folder in the desktop app, downloads on the web). One export at a time.

import type { ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import type { StudioBackend } from '../../shared/backend';
import type { ExportJob, ExportReply } from './export.worker';
import { FORMAT_TITLES, type ExportFormat } from './formats';

export type ExportWorker = () => Worker;

const defaultWorker: ExportWorker = () =>
  new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });

export class ModelExporter {
  /** The export in progress, if any. */
  busy: ExportFormat | null = $state(null);

  constructor(
    private readonly backend: Pick<StudioBackend, 'exportFiles'>,
    private readonly tell: (text: string, tone?: 'info' | 'problem') => void,
    private readonly worker: ExportWorker = defaultWorker,
  ) {}

  async export(format: ExportFormat, document: ModelDocument): Promise<void> {
    if (this.busy) return;
    this.busy = format;
    try {
      const reply = await this.#build({ format, document });
      if (!reply.ok) {
        this.tell(`${FORMAT_TITLES[format]}: ${reply.message}`, 'problem');
        return;
      }
      if (await this.backend.exportFiles(reply.request)) {
        this.tell(`Exported ${reply.request.suggestedName}.`);
      }
    } catch (error) {
      this.tell(`Could not export: ${messageOf(error)}`, 'problem');
    } finally {
      this.busy = null;
    }
  }

  #build(job: ExportJob): Promise<ExportReply> {
    return new Promise((resolve, reject) => {
      const worker = this.worker();
      worker.onmessage = (event: MessageEvent<ExportReply>) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(event.message || 'the export worker failed'));
      };
      // The store keeps documents as raw state (plain objects), which structured cloning takes.
      worker.postMessage(job);
    });
  }
}
