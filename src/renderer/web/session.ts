// What the web edition keeps for a reload of the same tab (sessionStorage survives it, a new tab
// starts clean): the document's name and unsaved state, to put back with the autosaved text.

import type { DocumentState } from '../../shared/backend';

const KEY = 'cnn-studio:document';

export function writeDocumentState(state: DocumentState): void {
  sessionStorage.setItem(KEY, JSON.stringify(state));
}

export function readDocumentState(): DocumentState | null {
  const text = sessionStorage.getItem(KEY);
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  const state = value as Partial<DocumentState> | null;
  // Written by this page, but storage is shared with anything on the origin: check its shape.
  return state !== null &&
    typeof state.name === 'string' &&
    (state.path === null || typeof state.path === 'string') &&
    typeof state.dirty === 'boolean'
    ? { name: state.name, path: state.path, dirty: state.dirty }
    : null;
}
