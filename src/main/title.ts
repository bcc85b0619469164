// The window title. macOS shows unsaved changes as a dot in the close button (setDocumentEdited)
// and titles a document window with the document alone; elsewhere the title carries a marker.

import { APP_NAME } from '../shared/app';
import type { DocumentState } from '../shared/backend';

export function windowTitle(state: DocumentState | null, platform: NodeJS.Platform): string {
  if (state === null) return APP_NAME;
  if (platform === 'darwin') return state.name;
  return `${state.dirty ? '• ' : ''}${state.name} — ${APP_NAME}`;
}
