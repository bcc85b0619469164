// The open model: the contract's document (what is saved is what the engine reads), its undo
// history, the file it belongs to, and what the engine says about it, recomputed on each change.
// Documents are replaced, never mutated, so they are raw state and undo keeps old ones as they are.

import {
  inspectModel,
  pruneStaleWeights,
  type EdgeDoc,
  type ModelDocument,
  type ModelInspection,
} from '../../engine';
import * as edits from './edits';
import type { Fix } from './fixes';
import { pasteFragment, type Fragment } from './fragment';
import { UndoHistory } from './undoHistory.svelte';
import { freshId, idsOf } from './ids';
import { layoutPositions } from './autoLayout';
import type { Position, Size } from './geometry';
import { starterNode } from './starters';
import { totalsOf, type Totals } from './totals';
import * as blocks from '../blocks/edits';
import type { BlockColour } from '../blocks/model';

/** Where the document is saved: a name for the title, a path in the desktop app. */
export interface FileRef {
  name: string;
  path: string | null;
}

export interface Opening {
  file?: FileRef | null;
  dirty?: boolean;
}

interface Snapshot {
  document: ModelDocument;
  file: FileRef | null;
}

export class ModelStore {
  document: ModelDocument;
  file: FileRef | null = $state.raw(null);
  #saved: ModelDocument;
  readonly #history = new UndoHistory<Snapshot>();

  readonly inspection: ModelInspection;
  readonly totals: Totals;
  /** Changed since it was opened, created or saved. */
  readonly dirty: boolean;
  /** The file name, or the model's name for a document never saved. */
  readonly title: string;

  /** `dirty`: the document has changes no file holds (one recovered after a crash). */
  constructor(document: ModelDocument, { file = null, dirty = false }: Opening = {}) {
    this.document = $state.raw(document);
    this.file = file;
    // A dirty document differs from what was saved, whatever that was.
    this.#saved = $state.raw(dirty ? structuredClone(document) : document);
    this.inspection = $derived(inspectModel(this.document));
    this.totals = $derived(totalsOf(this.inspection, this.document.training));
    this.dirty = $derived(this.document !== this.#saved);
    this.title = $derived(this.file?.name ?? this.document.name ?? 'Untitled');
  }

  get canUndo(): boolean {
    return this.#history.canUndo;
  }

  get canRedo(): boolean {
    return this.#history.canRedo;
  }

  /** Told which layers an edit took trained weights from (their shapes changed); undo restores them. */
  onWeightsDropped: ((layers: string[]) => void) | null = null;

  /** Applies one edit as one undo step; edits with the same `typing` key in a row share a step. */
  edit(change: (doc: ModelDocument) => ModelDocument, typing?: string): void {
    const changed = blocks.reconcileBlocks(change(this.document));
    const next = pruneStaleWeights(changed);
    if (next === this.document) return;
    this.#history.record(this.#snapshot(), typing);
    this.document = next;
    const dropped = Object.entries(changed.weights ?? {})
      .filter(([id, tensors]) => Object.keys(tensors).some((name) => !next.weights?.[id]?.[name]))
      .map(([id]) => id);
    if (dropped.length > 0) this.onWeightsDropped?.(dropped);
  }

  /** A different document (opened, new, a template): undoable, and clean until edited. */
  replace(document: ModelDocument, file: FileRef | null): void {
    this.#history.record(this.#snapshot());
    this.document = document;
    this.file = file;
    this.#saved = document;
  }

  markSaved(file: FileRef): void {
    this.file = file;
    this.#saved = this.document;
  }

  undo(): void {
    this.#restore(this.#history.undo(this.#snapshot()));
  }

  redo(): void {
    this.#restore(this.#history.redo(this.#snapshot()));
  }

  /** Ends a run of typing into one field, so the next change is its own undo step. */
  endTyping(): void {
    this.#history.endTyping();
  }

  /**
   * Adds a layer with its starting settings; returns its id. With `after`, it goes into the chain
   * after that layer (which feeds it, and what that layer fed, it feeds instead).
   */
  addLayer(type: string, position: Position, after?: string): string {
    const id = freshId(idsOf(this.document), type);
    const node = starterNode(id, type, { x: Math.round(position.x), y: Math.round(position.y) });
    this.edit((doc) =>
      after !== undefined && doc.nodes.some((n) => n.id === after)
        ? edits.insertAfter(doc, after, node)
        : edits.addNodes(doc, [node]),
    );
    return id;
  }

  remove(nodeIds: readonly string[], edges: readonly EdgeDoc[] = []): void {
    if (nodeIds.length === 0 && edges.length === 0) return;
    this.edit((doc) => edits.removeElements(doc, nodeIds, edges));
  }

  /** Draws an edge, or says in a sentence why it may not be drawn. */
  connect(from: string, to: string): string | null {
    const refusal = edits.connectionRefusal(this.document, from, to);
    if (refusal === null) this.edit((doc) => edits.connect(doc, from, to));
    return refusal;
  }

  /** Sets a layer's setting, and the same layer's in every copy of its block (they share it). */
  setParam(id: string, key: string, value: unknown): void {
    this.edit(
      (doc) =>
        blocks.twinsOf(doc, id).reduce((d, twin) => edits.setParam(d, twin, key, value), doc),
      `param:${id}:${key}`,
    );
  }

  move(positions: ReadonlyMap<string, Position>): void {
    const moved = [...positions].some(([id, p]) => {
      const old = this.document.nodes.find((n) => n.id === id)?.position;
      return !old || Math.round(p.x) !== old.x || Math.round(p.y) !== old.y;
    });
    if (moved) this.edit((doc) => edits.moveNodes(doc, positions));
  }

  /** Why `newId` cannot name node `id`, or null once it does. */
  renameNode(id: string, newId: string): string | null {
    const refusal = edits.nameRefusal(this.document, id, newId);
    if (refusal === null && newId !== id)
      this.edit((doc) => blocks.renameInBlocks(edits.renameNode(doc, id, newId), id, newId));
    return refusal;
  }

  setName(name: string): void {
    this.edit((doc) => edits.setModelName(doc, name), 'name');
  }

  applyFix(fix: Fix): void {
    this.edit(fix.apply);
  }

  /** Lays every node out top to bottom; `sizeOf` gives the sizes the canvas measured. */
  arrange(sizeOf?: (id: string) => Size | undefined): void {
    this.edit((doc) => blocks.closeGaps(edits.moveNodes(doc, layoutPositions(doc, sizeOf))));
  }

  /** Makes the layers a block (collapsed); returns its id, or why they cannot be one. */
  makeBlock(layers: readonly string[]): { id: string } | { refusal: string } {
    const made = blocks.makeBlock(this.document, layers);
    if (!made.ok) return { refusal: made.reason };
    this.edit(() => made.doc);
    return { id: made.id };
  }

  setBlockCollapsed(id: string, collapsed: boolean): void {
    this.edit((doc) => blocks.setCollapsed(doc, id, collapsed));
  }

  renameBlock(id: string, name: string): void {
    this.edit((doc) => blocks.renameBlock(doc, id, name), `block-name:${id}`);
  }

  recolourBlock(id: string, colour: BlockColour): void {
    this.edit((doc) => blocks.recolourBlock(doc, id, colour));
  }

  ungroupBlock(id: string): void {
    this.edit((doc) => blocks.ungroupBlock(doc, id));
  }

  /** Repeat ×N: the block `times` times in a row; null, or why it cannot be repeated. */
  repeatBlock(id: string, times: number): string | null {
    const made = blocks.repeatBlock(this.document, id, times);
    if (!made.ok) return made.reason;
    this.edit(() => made.doc);
    return null;
  }

  /** Collapsed cards dragged on the canvas, by block id: their layers move with them. */
  moveBlocks(deltas: ReadonlyMap<string, Position>): void {
    this.edit((doc) => [...deltas].reduce((d, [id, delta]) => blocks.moveBlock(d, id, delta), doc));
  }

  paste(fragment: Fragment, offset: Position): string[] {
    const { doc, ids } = pasteFragment(this.document, fragment, offset);
    this.edit(() => doc);
    return ids;
  }

  #snapshot(): Snapshot {
    return { document: this.document, file: this.file };
  }

  #restore(snapshot: Snapshot | null): void {
    if (!snapshot) return;
    this.document = snapshot.document;
    this.file = snapshot.file;
  }
}
