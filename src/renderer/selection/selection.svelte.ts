// What is selected on the canvas: node ids and edges. The canvas mirrors it both ways; the
// inspector, the commands and the problem list read it.

import type { EdgeDoc } from '../../engine';

const sameList = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) =>
  a.length === b.length && a.every((x, i) => same(x, b[i]));

const sameEdge = (a: EdgeDoc, b: EdgeDoc) => a.from === b.from && a.to === b.to;

export class Selection {
  nodes: readonly string[] = $state.raw([]);
  edges: readonly EdgeDoc[] = $state.raw([]);

  /** The one selected node, when exactly one node and no edge is selected. */
  readonly single = $derived(
    this.nodes.length === 1 && this.edges.length === 0 ? this.nodes[0] : null,
  );

  select(nodes: readonly string[], edges: readonly EdgeDoc[] = []): void {
    if (!sameList(this.nodes, nodes, (a, b) => a === b)) this.nodes = [...nodes];
    if (!sameList(this.edges, edges, sameEdge)) this.edges = edges.map((e) => ({ ...e }));
  }

  clear(): void {
    this.select([]);
  }

  has(id: string): boolean {
    return this.nodes.includes(id);
  }
}
