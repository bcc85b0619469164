// The open model: its document and the summary derived from it. The document is replaced, never
// mutated in place, so it is raw state and the summary recomputes on each replacement.

import type { ModelDocument } from '../../engine';
import { summarizeDocument, type SummaryResult } from './summary';

export class ModelState {
  document: ModelDocument;
  readonly summary: SummaryResult;

  constructor(document: ModelDocument) {
    this.document = $state.raw(document);
    this.summary = $derived(summarizeDocument(this.document));
  }
}
