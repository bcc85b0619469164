import type { Shape } from '../../model/types';
import type { ExportGraph } from '../source';

// A Keras functional model as tfjs-layers serialises it (model.json's modelTopology), built one
// layer at a time, with the weights in Keras layouts beside it.

type InboundNode = [string, number, number, Record<string, never>];

export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: InboundNode[][];
}

export interface KerasWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What a layer converter sees: the graph, its nodes' Keras outputs, and where to put layers. */
export interface TfjsContext {
  graph: ExportGraph;
  /** The name of the Keras layer that gives a node's output. */
  output(nodeId: string): string;
  /** A node's output shape in the engine's layout ([C, H, W] or [F]). */
  shapeOf(nodeId: string): Shape;
  /** The Keras layer name for a node (tfjs names start with a letter or digit). */
  nameOf(nodeId: string): string;
  /** Appends a layer fed by `inputs` (layer names) and returns its name. */
  layer(className: string, name: string, config: Record<string, unknown>, inputs: string[]): string;
  weight(name: string, shape: number[], values: Float32Array): void;
  /** Nodes whose outputs are never negative. */
  nonNegative: Set<string>;
}

/** A node id as a tfjs layer name; ids cannot hold '.', so the prefix never collides. */
export function kerasName(id: string): string {
  return /^[A-Za-z0-9]/.test(id) ? id : `n.${id}`;
}

export class TopologyBuilder {
  readonly layers: KerasLayer[] = [];
  readonly weights: KerasWeight[] = [];

  add(className: string, name: string, config: Record<string, unknown>, inputs: string[]): string {
    this.layers.push({
      name,
      class_name: className,
      config: { name, trainable: true, ...config },
      inbound_nodes: inputs.length > 0 ? [inputs.map((i): InboundNode => [i, 0, 0, {}])] : [],
    });
    return name;
  }
}
