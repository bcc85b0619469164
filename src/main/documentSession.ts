// What main knows of the working document: the name, path and unsaved state the page reports, and
// the text of its unsaved changes. It decides what the autosave slot holds (unsaved work only, so
// a crash after a save offers nothing to restore) and what a page that crashed gets back after its
// reload: the unsaved text, or else the file the document was saved in.

import type { DocumentState, ResumedDocument } from '../shared/backend';
import type { AutosaveSlot } from './autosave';

/** The part of the autosave store the session writes to. */
export interface AutosaveTarget {
  write(slot: AutosaveSlot, text: string): Promise<void>;
  discard(slot: AutosaveSlot): Promise<void>;
}

export interface DocumentSessionOptions {
  autosave: AutosaveTarget;
  /** Reads a saved document back; null when it cannot (gone, or not a file the user chose). */
  readSaved(path: string): Promise<string | null>;
  onStateChange(state: DocumentState): void;
}

/** How a document the page autosaved but never described is resumed: as unsaved work. */
const UNREPORTED: DocumentState = { name: 'Untitled.cnn.json', path: null, dirty: true };

export class DocumentSession {
  /** Null until the page first reports; autosaves are kept meanwhile, in case it never does. */
  private state: DocumentState | null = null;
  /** The latest autosaved text since the document was last clean. */
  private text: string | null = null;

  constructor(private readonly options: DocumentSessionOptions) {}

  get dirty(): boolean {
    return this.state?.dirty ?? false;
  }

  get name(): string {
    return (this.state ?? UNREPORTED).name;
  }

  async setState(state: DocumentState): Promise<void> {
    const wasDirty = this.state?.dirty ?? true;
    this.state = state;
    this.options.onStateChange(state);
    if (!state.dirty) {
      // Saved or freshly opened: the file holds it all, and older text must not outlive it.
      this.text = null;
      await this.options.autosave.discard('document');
    } else if (!wasDirty && this.text !== null) {
      // The page's autosave may arrive before it says the document changed.
      await this.options.autosave.write('document', this.text);
    }
  }

  /** The page's autosave: kept, and written to disk while the document has unsaved changes. */
  async edited(text: string): Promise<void> {
    this.text = text;
    if (this.state?.dirty ?? true) await this.options.autosave.write('document', text);
  }

  /** The document to give back to a reloaded page; null when there is nothing to put back. */
  async resume(): Promise<ResumedDocument | null> {
    const state = this.state ?? (this.text === null ? null : UNREPORTED);
    if (state === null) return null;
    if (state.dirty && this.text !== null) return { ...state, text: this.text };
    // Clean, or changed so recently that no autosave came yet: the saved file is the best copy.
    const saved = state.path === null ? null : await this.options.readSaved(state.path);
    return saved === null ? null : { ...state, text: saved };
  }

  /** The window closed: the document is gone on purpose (saved, or discarded after asking). */
  async closed(): Promise<void> {
    this.state = null;
    this.text = null;
    await this.options.autosave.discard('document');
  }
}
