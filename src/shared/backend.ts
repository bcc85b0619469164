import type { Command } from './commands';
import type { ReadRuns, RunLabels, RunRecord } from './runs/record';

// The one API the renderer uses to reach its host. The preload implements it over IPC in
// Electron; the web edition implements it in the browser. The renderer cannot tell them apart.

export interface AppInfo {
  name: string;
  version: string;
  /** The operating system in the desktop app (`linux`, `darwin`, `win32`); `browser` on the web. */
  platform: string;
  edition: 'desktop' | 'web';
}

/** A model document file the user opened: its text is validated by the renderer with parseModel. */
export interface OpenedFile {
  /** File name shown in the title, e.g. `LeNet-5.cnn.json`. */
  name: string;
  /** Where it lives in the desktop app; null on the web, where files have no path. */
  path: string | null;
  text: string;
}

export interface SaveRequest {
  /** The file to overwrite; null (or `saveAs`) asks the user where. */
  path: string | null;
  suggestedName: string;
  text: string;
  saveAs: boolean;
}

/**
 * An outside model file (ONNX) the user chose to import. The page reads it in pieces with
 * `readImportFile`: a 500 MB model is more than one message between processes can carry.
 */
export interface ImportFileRef {
  /** Names this choice in `readImportFile`; a later choice ends it. */
  handle: number;
  name: string;
  /** In bytes. */
  size: number;
}

/** Most bytes one `readImportFile` returns. */
export const IMPORT_CHUNK_BYTES = 16 * 2 ** 20;

/** Where a save went; null when the user cancelled. */
export type SaveResult = { name: string; path: string | null } | null;

/** Files an export produces, written together (a folder in the desktop app, downloads on the web). */
export interface ExportRequest {
  suggestedName: string;
  files: { name: string; data: string | Uint8Array }[];
}

/** What the window shows of the working document: its title and the unsaved marker. */
export interface DocumentState {
  /** The document's file name, or a placeholder such as `Untitled.cnn.json`. */
  name: string;
  /** Where it was last opened or saved in the desktop app; null when never saved (and on the web). */
  path: string | null;
  /** True when it has changes that are not in a file. */
  dirty: boolean;
}

/** The document a window showed before its page crashed and was reloaded. */
export interface ResumedDocument extends DocumentState {
  /** Its text as last autosaved, opened or saved. */
  text: string;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/**
 * A message from a training worker the host runs: one of its protocol events (checked by the host,
 * and again by the page's TrainingClient), or the news that it died unasked. `worker` is the
 * number `spawnWorker` returned, so messages of a replaced worker can be told apart.
 */
export type WorkerMessage =
  | { worker: number; kind: 'event'; event: unknown }
  | { worker: number; kind: 'crash'; reason: string };

export interface StudioBackend {
  appInfo(): Promise<AppInfo>;
  /** Asks the user for a model file; null when cancelled. */
  openFile(): Promise<OpenedFile | null>;
  saveFile(request: SaveRequest): Promise<SaveResult>;
  /** Asks the user for an ONNX file to import; null when cancelled. Throws when it cannot be one. */
  chooseImportFile(): Promise<ImportFileRef | null>;
  /** Up to IMPORT_CHUNK_BYTES of the chosen file from `offset`; fewer only at its end. */
  readImportFile(handle: number, offset: number): Promise<Uint8Array<ArrayBuffer>>;
  exportFiles(request: ExportRequest): Promise<boolean>;
  /** Keeps the working document safe across crashes; written atomically by the host. */
  autosave(text: string): Promise<void>;
  /** The autosaved document left by a session that did not close cleanly, if any. */
  recoverAutosave(): Promise<string | null>;
  /** Tells the host the document's name, path and unsaved state (window title, closing asks). */
  setDocumentState(state: DocumentState): Promise<void>;
  /** After the page crashed and was reloaded: the document it showed, to put back; else null. */
  resumeDocument(): Promise<ResumedDocument | null>;
  /** Commands chosen on the native menus (desktop only; the web edition never calls the listener). */
  onMenuCommand(listener: (command: Command) => void): Unsubscribe;
  /** Files to open that come from the host: Open Recent, the command line, the OS, a second launch. */
  onOpenDocument(listener: (file: OpenedFile) => void): Unsubscribe;
  /** The model with the weights trained last in a session that did not close cleanly (asked once). */
  recoverTrainedModel(): Promise<string | null>;
  /** Starts a fresh training worker in the host, ending any other; resolves to its number. */
  spawnWorker(): Promise<number>;
  /** Sends a worker protocol command; the host validates it and answers a bad one with an `error` event. */
  postToWorker(worker: number, command: object): Promise<void>;
  /** Ends the worker; no crash is reported for it. */
  terminateWorker(worker: number): Promise<void>;
  /** Events and crashes of the host's training workers. */
  onWorkerMessage(listener: (message: WorkerMessage) => void): Unsubscribe;
  /**
   * Keeps a run (docs/run-record.md): its record, and the text of its model document with the
   * run's weights. Replaces what was kept of the same run; rejects with a sentence (a full disk).
   */
  saveRun(record: RunRecord, trained: string): Promise<void>;
  /** Every run kept, oldest first, and the records that could not be read (skipped). */
  listRuns(): Promise<ReadRuns>;
  /** The text of a run's model document, with the run's weights. */
  runModel(id: string): Promise<string>;
  /** Renames, re-notes or re-tags a run; resolves with its record as kept. */
  relabelRun(id: string, labels: RunLabels): Promise<RunRecord>;
  deleteRun(id: string): Promise<void>;
}

/** The `window` property under which the preload exposes the backend. */
export const BRIDGE_KEY = 'studio';
