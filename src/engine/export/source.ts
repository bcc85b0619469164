import { createNetwork, Network } from '../network';
import type { ModelSpec, NodeSpec, Shape } from '../model/types';

// Every exporter takes a spec (weights from the document, the rest seeded as createNetwork does)
// or a live network (its current weights), and reads the graph through this one view.

export type ExportSource = ModelSpec | Network;

export function toNetwork(source: ExportSource): Network {
  return source instanceof Network ? source : createNetwork(source);
}

/** The graph as the exporters walk it: nodes in topological order with their shapes. */
export interface ExportGraph {
  network: Network;
  /** Topological order, input first, output last. */
  nodes: NodeSpec[];
  inputsOf(id: string): string[];
  /** Output shape of a node, without the batch. */
  shapeOf(id: string): Shape;
  inputId: string;
  outputId: string;
}

export function exportGraph(source: ExportSource): ExportGraph {
  const network = toNetwork(source);
  const { spec } = network;
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const shapes = new Map(network.summary.map((s) => [s.id, s.outputShape!]));
  return {
    network,
    nodes: spec.order.map((id) => byId.get(id)!),
    inputsOf: (id) => spec.inputsOf[id],
    shapeOf: (id) => shapes.get(id)!,
    inputId: spec.order[0],
    outputId: spec.order[spec.order.length - 1],
  };
}

/** The activation fused into a conv2d or dense node, or null. */
export function fusedActivation(node: NodeSpec): string | null {
  const activation = (node.config as { activation?: string }).activation;
  return activation === undefined || activation === 'none' ? null : activation;
}

/** True when the network's output is a probability vector (a softmax node or activation). */
export function hasSoftmaxHead(graph: ExportGraph): boolean {
  const out = graph.nodes[graph.nodes.length - 1];
  return out.type === 'softmax' || fusedActivation(out) === 'softmax';
}
