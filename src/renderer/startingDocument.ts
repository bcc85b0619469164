// The document a window opens with: the one it showed before a reload, else the working document
// a session left without closing cleanly, else the LeNet-5 template, which shows off what the
// editor computes. Whatever comes back from storage is checked like a file.

import type { ModelDocument } from '../engine';
import type { StudioBackend } from '../shared/backend';
import { readModel, readModelText } from './document/open';
import type { Opening } from './document/store.svelte';
import { lenet5Template } from './templates/templates';

export interface StartingDocument extends Opening {
  document: ModelDocument;
  /** Brought back from an autosave, which the person should be told. */
  recovered: boolean;
}

export async function startingDocument(backend: StudioBackend): Promise<StartingDocument> {
  const resumed = await ask('the document before the reload', () => backend.resumeDocument());
  if (resumed) {
    const opened = readModelText(resumed.text);
    if (opened.ok) {
      const file = resumed.path === null ? null : { name: resumed.name, path: resumed.path };
      return { document: opened.document, file, dirty: resumed.dirty, recovered: false };
    }
  }
  const text = await ask('the autosave', () => backend.recoverAutosave());
  const recovered = text === null ? null : readModelText(text);
  if (recovered?.ok) return { document: recovered.document, dirty: true, recovered: true };
  const template = readModel(lenet5Template.json);
  if (!template.ok)
    throw new Error(`CNN Studio: the LeNet-5 template is invalid: ${template.problems}`);
  return { document: template.document, recovered: false };
}

/** A host call whose failure only means there is nothing to bring back. */
async function ask<T>(what: string, call: () => Promise<T | null>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    console.error(`CNN Studio: could not read ${what}`, error);
    return null;
  }
}
