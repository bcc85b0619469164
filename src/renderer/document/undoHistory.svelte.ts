// Undo and redo over immutable snapshots. Consecutive edits with the same key (typing into one
// field) share one undo step until something else happens or the typing ends.

export class UndoHistory<T> {
  #past: T[] = $state.raw([]);
  #future: T[] = $state.raw([]);
  #typing: string | null = null;

  constructor(private readonly limit = 500) {}

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Remembers the state before an edit; with the key of the previous edit, it joins that step. */
  record(before: T, key?: string): void {
    this.#future = [];
    if (key !== undefined && key === this.#typing) return;
    this.#past = [...this.#past.slice(1 - this.limit), before];
    this.#typing = key ?? null;
  }

  /** The state to go back to, or null; `current` becomes redoable. */
  undo(current: T): T | null {
    const previous = this.#past.at(-1);
    if (previous === undefined) return null;
    this.#past = this.#past.slice(0, -1);
    this.#future = [current, ...this.#future];
    this.#typing = null;
    return previous;
  }

  redo(current: T): T | null {
    const next = this.#future[0];
    if (next === undefined) return null;
    this.#future = this.#future.slice(1);
    this.#past = [...this.#past, current];
    this.#typing = null;
    return next;
  }

  /** The next edit starts a new step even if it has the same key. */
  endTyping(): void {
    this.#typing = null;
  }
}
