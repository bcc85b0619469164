// The editor's commands, whether they come from a button, a shortcut or the canvas: they act on
// the model store and the selection, and talk to the host for files. Components stay thin.

import type { ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import type { OpenedFile, StudioBackend } from '../../shared/backend';
import { blocksOf } from '../blocks/model';
import type { Fix } from '../document/fixes';
import {
  copyFragment,
  fragmentFromText,
  fragmentToText,
  pasteOffset,
  type Fragment,
} from '../document/fragment';
import {
  CHAIN_STEP,
  NODE_HEIGHT,
  NODE_WIDTH,
  COLUMN_GAP,
  type Position,
  type Size,
} from '../document/geometry';
import { readModel, readModelText, writeModelText } from '../document/open';
import type { FileRef, ModelStore } from '../document/store.svelte';
import type { ImportedModel } from '../import/importModel';
import { ModelImporter, type ImportWorker } from '../import/importer.svelte';
import { Notices, type NoticeAction } from '../notices/notices.svelte';
import { Selection } from '../selection/selection.svelte';
import type { Template } from '../templates/templates';

/** What the canvas lends the commands: sizes it measured and where it looks. */
export interface CanvasView {
  sizeOf(id: string): Size | undefined;
  /** The flow position at the middle of what the canvas shows. */
  center(): Position;
  /** Brings a node into view, once the canvas has it. */
  focus(id: string): Promise<void>;
  zoom(direction: 'in' | 'out'): void;
}

/** A change the report of an import offers (Train's dataset lends it one), and why. */
export interface ImportOffer {
  /** Why, a sentence beside the offer's button. */
  note: string;
  action: NoticeAction;
}

export interface ViewRequest {
  mode: 'fit' | 'start';
  serial: number;
}

export class Editor {
  readonly selection = new Selection();
  readonly notices = new Notices();
  /**
   * What the canvas should show next: the whole model (`fit`), or for a document just opened, the
   * whole model if it is legible at that size, else its start at a legible size (`start`).
   */
  viewRequest: ViewRequest = $state.raw({ mode: 'start', serial: 0 });
  view: CanvasView | null = null;

  readonly importer: ModelImporter;
  /** Asked, once an import is open, what its report should offer. */
  importOffer: (() => ImportOffer | null) | null = null;

  constructor(
    readonly model: ModelStore,
    private readonly backend: StudioBackend,
    importWorker?: ImportWorker,
  ) {
    this.importer = new ModelImporter(
      {
        imported: (name, imported) => this.#showImported(name, imported),
        failed: (name, failure) =>
          this.notices.show(
            `${name} was not imported. ${failure.message}`,
            'problem',
            failure.details,
          ),
      },
      importWorker,
    );
  }

  /**
   * Adds a layer. Dropped on the canvas it goes where it was dropped; added from the keyboard or
   * by double-click it goes into the chain after the selected node (or at the end of the chain).
   */
  addLayer(type: string, dropped?: Position): void {
    if (dropped) {
      this.selection.select([this.model.addLayer(type, dropped)]);
      return;
    }
    const after = this.selection.single ?? this.#chainEnd();
    const from = this.model.document.nodes.find((n) => n.id === after)?.position;
    const spot = from
      ? { x: from.x + CHAIN_STEP.x, y: from.y + CHAIN_STEP.y }
      : (this.view?.center() ?? { x: 0, y: 0 });
    const id = this.model.addLayer(type, this.#freeSpot(spot), after ?? undefined);
    this.selection.select([id]);
    void this.view?.focus(id);
  }

  connect(from: string, to: string): void {
    const refusal = this.model.connect(from, to);
    if (refusal) this.notices.show(refusal, 'problem');
  }

  deleteSelection(): void {
    // The selection can name what an undo took away; only what exists is removed.
    const { nodes, edges } = this.model.document;
    this.model.remove(
      this.selection.nodes.filter((id) => nodes.some((n) => n.id === id)),
      this.selection.edges.filter((e) => edges.some((x) => x.from === e.from && x.to === e.to)),
    );
    this.selection.clear();
  }

  selectAll(): void {
    this.selection.select(this.model.document.nodes.map((n) => n.id));
  }

  /** The selected layers as clipboard text, or null when none is selected. */
  copy(): string | null {
    return this.#toClipboard('Copied');
  }

  cut(): string | null {
    const text = this.#toClipboard('Cut');
    if (text !== null) this.deleteSelection();
    return text;
  }

  #toClipboard(verb: 'Copied' | 'Cut'): string | null {
    const fragment = copyFragment(this.model.document, this.selection.nodes);
    if (!fragment) return null;
    const count = fragment.nodes.length;
    this.notices.show(`${verb} ${count} layer${count === 1 ? '' : 's'}.`);
    return fragmentToText(fragment);
  }

  /** Pastes the layers a clipboard text holds (copied in any window); false when it holds none. */
  paste(text: string): boolean {
    const fragment = fragmentFromText(text);
    if (!fragment) return false;
    this.#pasteBeside(fragment);
    return true;
  }

  duplicate(): void {
    const fragment = copyFragment(this.model.document, this.selection.nodes);
    if (fragment) this.#pasteBeside(fragment);
  }

  #pasteBeside(fragment: Fragment): void {
    const ids = this.model.paste(fragment, pasteOffset(this.model.document, fragment));
    this.selection.select(ids);
    if (ids[0] !== undefined) void this.view?.focus(ids[0]);
  }

  /** Makes the selected layers a block, collapsed and still selected; or says why not. */
  makeBlock(): void {
    const made = this.model.makeBlock(this.selection.nodes);
    if ('refusal' in made) this.notices.show(made.refusal, 'problem');
  }

  setBlockCollapsed(id: string, collapsed: boolean): void {
    this.model.setBlockCollapsed(id, collapsed);
  }

  /** Repeat ×N; the block stays selected, its inspector now saying how many times it repeats. */
  repeatBlock(id: string, times: number): void {
    const refusal = this.model.repeatBlock(id, times);
    if (refusal) this.notices.show(refusal, 'problem');
  }

  undo(): void {
    this.model.undo();
  }

  redo(): void {
    this.model.redo();
  }

  arrange(): void {
    this.model.arrange((id) => this.view?.sizeOf(id));
    this.#request('start');
  }

  fit(): void {
    this.#request('fit');
  }

  /**
   * Selects a node and brings it into view (from the problem list, for one). A layer inside a
   * collapsed block is shown by its card, selected, whose figures count the problems inside:
   * looking changes neither the document nor its undo history; Expand is the user's to choose.
   */
  focusNode(id: string): void {
    const hidden = blocksOf(this.model.document).find((b) => b.collapsed && b.layers.includes(id));
    this.selection.select(hidden ? hidden.layers : [id]);
    void this.view?.focus(id);
  }

  applyFix(fix: Fix): void {
    this.model.applyFix(fix);
  }

  startFrom(template: Template): void {
    const opened = readModel(template.json);
    if (!opened.ok) {
      this.notices.show(
        `The ${template.title} template is not a valid model.`,
        'problem',
        opened.problems,
      );
      return;
    }
    this.#show(opened.document, null);
    this.#note(template.title, opened.notes);
  }

  async open(): Promise<void> {
    const file = await this.#host('open the file', () => this.backend.openFile());
    if (file) this.openFile(file);
  }

  /** A file from the picker or from the host (Open Recent, the command line): checked first. */
  openFile(file: OpenedFile): void {
    const opened = readModelText(file.text);
    if (!opened.ok) {
      this.notices.show(
        `${file.name} was not opened: it is not a valid model.`,
        'problem',
        opened.problems,
      );
      return;
    }
    this.#show(opened.document, { name: file.name, path: file.path });
    this.#note(file.name, opened.notes);
  }

  /** What opening left out of a document, in one notice. */
  #note(name: string, notes: readonly string[]): void {
    if (notes.length > 0) this.notices.show(`${name} opened. ${notes.join(' ')}`, 'problem');
  }

  /** File ▸ Import…: asks the host for an ONNX file and imports it. */
  async import(): Promise<void> {
    const { backend } = this;
    const ref = await this.#host('choose a file to import', () => backend.chooseImportFile());
    if (ref)
      await this.importer.importChosen(ref, (offset) => backend.readImportFile(ref.handle, offset));
  }

  /** Imports a file dropped on the window; the document open stays if it fails. */
  importFile(file: File): Promise<void> {
    return this.importer.importFile(file);
  }

  #showImported(name: string, { document, report }: ImportedModel): void {
    this.#show(document, null);
    const layers = document.nodes.length;
    const offer = this.importOffer?.() ?? null;
    const imported = `Imported ${name}: ${layers} layer${layers === 1 ? '' : 's'}.`;
    // The reason for the offer goes beside its button, above the report's lines.
    this.notices.show(
      offer ? `${imported} ${offer.note}` : imported,
      'info',
      report,
      offer?.action ?? null,
    );
  }

  async save(saveAs = false): Promise<void> {
    const { model } = this;
    const document = model.document;
    const saved = await this.#host('save the model', () =>
      this.backend.saveFile({
        path: model.file?.path ?? null,
        suggestedName: model.file?.name ?? suggestedName(document.name),
        text: writeModelText(document),
        saveAs,
      }),
    );
    if (!saved) return;
    // An edit made while the host was writing is not in the file, so the document stays dirty.
    if (model.document === document) model.markSaved(saved);
    this.notices.show(`Saved ${saved.name}.`);
  }

  #show(document: ModelDocument, file: FileRef | null): void {
    this.model.replace(document, file);
    this.selection.clear();
    this.#request('start');
  }

  #request(mode: ViewRequest['mode']): void {
    this.viewRequest = { mode, serial: this.viewRequest.serial + 1 };
  }

  /** Runs a host call; a failure (a disk error, a denied dialog) becomes a notice. */
  async #host<T>(what: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      this.notices.show(`Could not ${what}: ${messageOf(error)}`, 'problem');
      return null;
    }
  }

  /** The last node, in running order, that feeds nothing: where a sequential model grows. */
  #chainEnd(): string | null {
    const { inspection, document } = this.model;
    const feeds = (id: string) => document.edges.some((e) => e.from === id);
    return inspection.order.filter((id) => !feeds(id)).at(-1) ?? null;
  }

  /** `spot`, or the first place right of it that no card covers. */
  #freeSpot(spot: Position): Position {
    const taken = (p: Position) =>
      this.model.document.nodes.some(
        (n) =>
          n.position &&
          Math.abs(n.position.x - p.x) < NODE_WIDTH &&
          Math.abs(n.position.y - p.y) < NODE_HEIGHT,
      );
    const p = { ...spot };
    while (taken(p)) p.x += NODE_WIDTH + COLUMN_GAP;
    return p;
  }
}

/** `LeNet-5` → `LeNet-5.cnn.json`; characters file systems dislike become `-`. */
export function suggestedName(name: string | undefined): string {
  const base = (name ?? '').trim().replace(/[\\/:*?"<>|]+/g, '-') || 'model';
  return `${base}.cnn.json`;
}
