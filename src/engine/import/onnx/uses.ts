import type { OnnxGraph, OpNode } from './graph';

// Who reads each tensor: the patterns fuse a chain only when nothing else reads its middle.

export class Uses {
  private readers = new Map<string, OpNode[]>();
  private producers = new Map<string, OpNode>();

  constructor(private graph: OnnxGraph) {
    for (const node of graph.nodes) {
      for (const name of node.inputs) {
        if (name) this.readers.set(name, [...(this.readers.get(name) ?? []), node]);
      }
      for (const name of node.outputs) this.producers.set(name, node);
    }
  }

  /** How many times the tensor is read, the graph output counting once. */
  count(name: string): number {
    return (this.readers.get(name)?.length ?? 0) + (name === this.graph.output ? 1 : 0);
  }

  readersOf(name: string): OpNode[] {
    return this.readers.get(name) ?? [];
  }

  /** The one node that reads the tensor, when nothing else (not even the graph output) does. */
  only(name: string): OpNode | undefined {
    return this.count(name) === 1 ? this.readers.get(name)?.[0] : undefined;
  }

  producer(name: string): OpNode | undefined {
    return this.producers.get(name);
  }
}
