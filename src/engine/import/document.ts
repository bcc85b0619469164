import type { EdgeDoc, ModelDocument, NodeDoc, TensorDoc } from '../model/types';
import { IdPool } from './ids';

// A model document put together node by node, as the importers convert an outside graph. Weights
// are kept as the Float32Arrays they were read into: a document handed over in memory may hold
// them so (contract), which spares a 500 MB model a base64 round trip.

export interface NodeInput {
  type: string;
  params?: Record<string, unknown>;
  /** Ids of the nodes it reads, in order. */
  inputs: string[];
  /** The id it would like; made unique. */
  id: string;
  label?: string;
  weights?: Record<string, TensorDoc>;
}

export class DocumentBuilder {
  private nodes = new Map<string, NodeDoc>();
  private edges: EdgeDoc[] = [];
  private weights = new Map<string, Record<string, TensorDoc>>();
  private ids = new IdPool();

  add(node: NodeInput): string {
    const id = this.ids.claim(node.id);
    const params = node.params ?? {};
    this.nodes.set(id, {
      id,
      type: node.type,
      ...(Object.keys(params).length > 0 ? { params } : {}),
      ...(node.label ? { label: node.label } : {}),
    });
    for (const from of node.inputs) this.edges.push({ from, to: id });
    if (node.weights) this.weights.set(id, node.weights);
    return id;
  }

  node(id: string): NodeDoc {
    return this.nodes.get(id)!;
  }

  /** Sets (or, with undefined, removes) one setting of a node already added. */
  setParam(id: string, name: string, value: unknown): void {
    const node = this.node(id);
    const params = { ...node.params };
    if (value === undefined) delete params[name];
    else params[name] = value;
    if (Object.keys(params).length > 0) node.params = params;
    else delete node.params;
  }

  setWeight(id: string, name: string, tensor: TensorDoc): void {
    this.weights.set(id, { ...this.weights.get(id), [name]: tensor });
  }

  /** Another incoming edge, after the node's others (add, concat and multiply take several). */
  connect(from: string, to: string): void {
    this.edges.push({ from, to });
  }

  /** The incoming node ids of a node, in edge order. */
  inputsOf(id: string): string[] {
    return this.edges.filter((e) => e.to === id).map((e) => e.from);
  }

  /**
   * The document whose output is `outputId`; nodes that do not lead to it (branches an exporter
   * left unused) are dropped, and their count returned.
   */
  build(
    outputId: string,
    head: Pick<ModelDocument, 'name' | 'classes'>,
  ): {
    document: ModelDocument;
    dropped: number;
  } {
    const sources = new Map<string, string[]>();
    for (const e of this.edges) sources.set(e.to, [...(sources.get(e.to) ?? []), e.from]);
    const keep = new Set<string>([outputId]);
    const queue = [outputId];
    while (queue.length > 0) {
      for (const from of sources.get(queue.pop()!) ?? []) {
        if (keep.has(from)) continue;
        keep.add(from);
        queue.push(from);
      }
    }
    const nodes = [...this.nodes.values()].filter((n) => keep.has(n.id));
    const weights = Object.fromEntries([...this.weights].filter(([id]) => keep.has(id)));
    const document: ModelDocument = {
      format: 'cnn-studio/model',
      version: 1,
      ...(head.name !== undefined ? { name: head.name } : {}),
      ...(head.classes ? { classes: head.classes } : {}),
      nodes,
      edges: this.edges.filter((e) => keep.has(e.to) && keep.has(e.from)),
      ...(Object.keys(weights).length > 0 ? { weights } : {}),
    };
    return { document, dropped: this.nodes.size - nodes.length };
  }
}
