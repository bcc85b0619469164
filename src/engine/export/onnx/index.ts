import { describePreprocessing, preprocessingOf } from '../preprocessing';
import { exportGraph, type ExportSource } from '../source';
import type { OnnxContext } from './context';
import { converters } from './nodes';
import {
  encodeModel,
  int64Tensor,
  tensor,
  valueInfo,
  type NodeProto,
  type TensorProto,
} from './proto';

export interface OnnxOptions {
  /** A symbolic batch dimension `N` (the default), or batches of exactly 1. */
  dynamicBatch?: boolean;
}

/**
 * The model as ONNX (opset 13), NCHW as here: one input named after the input node, one output
 * named after the output node, the class names and input preprocessing in the metadata.
 */
export function exportOnnx(source: ExportSource, options: OnnxOptions = {}): Uint8Array {
  const graph = exportGraph(source);
  const { network } = graph;
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const constant = (name: string, dims: number[], values: Float32Array) => {
    initializers.push(tensor(name, dims, values));
    return name;
  };
  const ctx: OnnxContext = {
    graph,
    op: (opType, name, input, output, attribute = []) =>
      nodes.push({ opType, name, input, output: [output], attribute }),
    weight: (nodeId, name, dims) => {
      const slot = network.slots.find((s) => s.nodeId === nodeId && s.name === name)!;
      return constant(`${nodeId}.${name}`, dims ?? slot.shape, network.tensor(nodeId, name));
    },
    constant,
    int64: (name, values) => {
      initializers.push(int64Tensor(name, values));
      return name;
    },
  };
  for (const node of graph.nodes) converters[node.type](node, ctx);

  const batch = options.dynamicBatch === false ? 1 : 'N';
  const { spec } = network;
  const preprocessing = preprocessingOf(spec);
  return encodeModel({
    name: spec.name ?? 'model',
    docString: `Exported from CNN Studio. Input ${graph.inputId}: float32 [N, C, H, W], ${describePreprocessing(preprocessing)}.`,
    nodes,
    initializers,
    input: valueInfo(graph.inputId, [batch, ...network.inputShape]),
    output: valueInfo(graph.outputId, [batch, ...network.outputShape]),
    metadata: {
      preprocessing: JSON.stringify(preprocessing),
      ...(spec.classes ? { classes: JSON.stringify(spec.classes) } : {}),
    },
  });
}
