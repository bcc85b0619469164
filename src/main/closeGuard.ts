// Closing a window with unsaved changes asks first: Save, Don't Save or Cancel. Saving is the
// page's job (it holds the document), so "Save" sends it the save command and the window closes
// only once that save has gone through; a cancelled or failed save leaves the window open.

export type CloseAnswer = 'save' | 'discard' | 'cancel';

/** What to do with a close request: let it happen, hold it and ask, or hold it (already asking). */
export type CloseDecision = 'close' | 'ask' | 'hold';

/** After an answer or a save: close now, tell the page to save, or keep the window. */
export type CloseStep = 'close' | 'save' | 'stay';

export class CloseGuard {
  private confirmed = false;
  private asking = false;
  private awaitingSave = false;

  constructor(private readonly isDirty: () => boolean) {}

  requestClose(): CloseDecision {
    if (this.confirmed || !this.isDirty()) return 'close';
    if (this.asking) return 'hold';
    this.asking = true;
    this.awaitingSave = false;
    return 'ask';
  }

  answer(answer: CloseAnswer): CloseStep {
    this.asking = false;
    if (answer === 'save') {
      this.awaitingSave = true;
      return 'save';
    }
    if (answer === 'discard') {
      this.confirmed = true;
      return 'close';
    }
    return 'stay';
  }

  /** A save finished (`saved` false: cancelled or failed). Closes if the close was waiting for it. */
  saveFinished(saved: boolean): CloseStep {
    if (!this.awaitingSave) return 'stay';
    this.awaitingSave = false;
    this.confirmed = saved;
    return saved ? 'close' : 'stay';
  }
}

/** The question asked on closing, its buttons in the order of the answers they give. */
export function closePrompt(name: string): {
  message: string;
  detail: string;
  buttons: string[];
  answers: CloseAnswer[];
} {
  return {
    message: `Do you want to save the changes you made to ${name}?`,
    detail: "Your changes will be lost if you don't save them.",
    buttons: ['Save', "Don't Save", 'Cancel'],
    answers: ['save', 'discard', 'cancel'],
  };
}
