// The import worker's messages: a file in; progress, then the document or why not, out.

import type { ImportedModel, ImportFailure, ImportStage } from './importModel';

export type ImportRequest = {
  /** The file's name, which names the model when its graph's name is generic. */
  name: string;
} & (
  | /** A file the page holds (a drop): read in the worker, never on the page's thread. */
    { file: Blob }
    /** The pieces the host handed the page, their memory transferred to the worker. */
  | { chunks: Uint8Array<ArrayBuffer>[] }
);

export type ImportReply =
  | {
      type: 'progress';
      stage: ImportStage;
      /** 0–1 while reading; null when unknown. */ fraction: number | null;
    }
  | ({ type: 'done' } & ImportedModel)
  | ({ type: 'failed' } & ImportFailure);
