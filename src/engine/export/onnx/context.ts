import type { NodeSpec } from '../../model/types';
import type { ExportGraph } from '../source';
import type { Attribute } from './proto';

// What a converter sees while it writes a node's operators. Tensors are named after the nodes: a
// node's output is its id, a weight or constant `<id>.<name>`, an intermediate `<id>/<role>`.

export interface OnnxContext {
  graph: ExportGraph;
  /** Appends an operator. */
  op(type: string, name: string, inputs: string[], output: string, attributes?: Attribute[]): void;
  /** Adds the node's weight as an initializer (of shape `dims`, else its own) and returns its name. */
  weight(nodeId: string, name: string, dims?: number[]): string;
  /** Adds a constant float32 initializer and returns its name. */
  constant(name: string, dims: number[], values: Float32Array): string;
  /** Adds a constant int64 vector (a shape, pads) and returns its name. */
  int64(name: string, values: number[]): string;
}

export type Converter = (node: NodeSpec, ctx: OnnxContext) => void;
