// Short messages at the bottom of the window: why a connection was refused, what a file could not
// be opened for, that something was copied. Each fades after a while unless it lists problems.

export interface Notice {
  id: number;
  text: string;
  /** Lines under the text, e.g. the problems of a file that could not be opened. */
  details: readonly string[];
  tone: 'info' | 'problem';
}

const SHOWN_MS = 4000;

export class Notices {
  items: readonly Notice[] = $state.raw([]);
  #next = 1;

  show(text: string, tone: Notice['tone'] = 'info', details: readonly string[] = []): void {
    const notice: Notice = { id: this.#next++, text, details, tone };
    // One notice per message: repeating a refusal moves it to the end instead of stacking it.
    this.items = [...this.items.filter((n) => n.text !== text), notice].slice(-3);
    if (details.length === 0) setTimeout(() => this.dismiss(notice.id), SHOWN_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}
