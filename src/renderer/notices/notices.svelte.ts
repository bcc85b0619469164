// Short messages at the bottom of the window: why a connection was refused, what a file could not
// be opened for, that something was copied. Each fades after a while unless it lists problems or
// offers an action.

export interface Notice {
  id: number;
  text: string;
  /** Lines under the text, e.g. the problems of a file that could not be opened. */
  details: readonly string[];
  tone: 'info' | 'problem';
  /** A choice the notice offers; taking it dismisses the notice. */
  action: NoticeAction | null;
}

export interface NoticeAction {
  label: string;
  run: () => void;
}

const SHOWN_MS = 4000;

export class Notices {
  items: readonly Notice[] = $state.raw([]);
  #next = 1;

  show(
    text: string,
    tone: Notice['tone'] = 'info',
    details: readonly string[] = [],
    action: NoticeAction | null = null,
  ): void {
    const notice: Notice = { id: this.#next++, text, details, tone, action };
    // One notice per message: repeating a refusal moves it to the end instead of stacking it.
    this.items = [...this.items.filter((n) => n.text !== text), notice].slice(-3);
    if (details.length === 0 && !action) setTimeout(() => this.dismiss(notice.id), SHOWN_MS);
  }

  /** Takes the notice's action, and the notice goes. */
  act(id: number): void {
    const notice = this.items.find((n) => n.id === id);
    this.dismiss(id);
    notice?.action?.run();
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}
