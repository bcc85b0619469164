// The web edition's autosave: the working document in localStorage. A browser tab has no clean
// shutdown to tell apart from a crash, so the last working document is always offered back.

const KEY = 'cnn-studio:autosave';

export function writeAutosave(text: string): void {
  localStorage.setItem(KEY, text);
}

export function readAutosave(): string | null {
  return localStorage.getItem(KEY);
}
