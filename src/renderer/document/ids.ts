// Node ids for new layers: the type and the first free number, as Keras names them (`conv2d_1`).

import type { ModelDocument } from '../../engine';

export function freshId(taken: ReadonlySet<string>, type: string): string {
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function idsOf(doc: ModelDocument): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}
