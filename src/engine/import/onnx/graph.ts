import { ImportError } from '../errors';
import { attributesOf, type Attributes } from './attributes';
import { quoteSome, type DecodedModel } from './decode';
import { onnx, toNumber, type NodeProto, type ValueInfoProto } from './proto';
import { readTensor, type Constant } from './tensors';
import { quote } from '../../quote';

// The ONNX graph as the converter reads it: operators in the file's (topological) order, every
// initializer and Constant as a value by tensor name, the one data input and the one output.

export interface OpNode {
  /** The ONNX node's name, or its first output's when it has none. */
  name: string;
  op: string;
  /** Tensor names; "" where an optional input is left out. */
  inputs: string[];
  outputs: string[];
  attrs: Attributes;
  /** Settings of a fused pattern (patterns.ts): the reduced axes and epsilon of a layer norm. */
  fused?: { axes: number[]; epsilon: number };
  /** The per-channel scale and shift of a fused ChannelAffine (patterns.ts). */
  affine?: { scale: number[]; shift: number[] };
}

export interface GraphInput {
  name: string;
  /** Without the batch: [C, H, W], or [F] for a flat input. */
  dims: number[];
}

export interface OnnxGraph {
  name: string;
  nodes: OpNode[];
  constants: Map<string, Constant>;
  input: GraphInput;
  output: string;
  opset: number;
  producer: string;
  metadata: Map<string, string>;
}

export function readGraph({ model, graph, opset }: DecodedModel): OnnxGraph {
  const constants = new Map<string, Constant>();
  for (const t of graph.initializer ?? []) {
    constants.set(t.name ?? '', readTensor(t, `Initializer ${quote(t.name ?? '')}`));
  }
  const nodes: OpNode[] = [];
  for (const proto of graph.node ?? []) {
    const node = opNode(proto);
    if (node.op === 'Constant') {
      constants.set(node.outputs[0], constantValue(node));
    } else if (node.op === 'Identity' && constants.has(node.inputs[0])) {
      // PyTorch shares equal initializers (e.g. zero biases) through Identity nodes.
      constants.set(node.outputs[0], constants.get(node.inputs[0])!);
    } else {
      nodes.push(node);
    }
  }

  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name ?? ''));
  if (inputs.length !== 1) {
    throw new ImportError(
      inputs.length === 0
        ? 'The model has no data input: every graph input is a weight.'
        : `The model takes ${inputs.length} inputs (${quoteSome(inputs.map((i) => i.name ?? ''))}); only models with one image input import.`,
    );
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) {
    throw new ImportError(
      `The model has ${outputs.length} outputs (${quoteSome(outputs.map((o) => o.name ?? ''))}); only models with one output import.`,
    );
  }
  return {
    name: graph.name ?? '',
    nodes,
    constants,
    input: graphInput(inputs[0]),
    output: outputs[0].name ?? '',
    opset,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    metadata: new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

function opNode(proto: NodeProto): OpNode {
  const outputs = proto.output ?? [];
  const domain = proto.domain && proto.domain !== 'ai.onnx' ? `${proto.domain}.` : '';
  return {
    name: proto.name || outputs[0] || proto.opType || '',
    op: `${domain}${proto.opType ?? ''}`,
    inputs: proto.input ?? [],
    outputs,
    attrs: attributesOf(proto),
  };
}

function constantValue(node: OpNode): Constant {
  const { attrs } = node;
  const where = `Constant ${quote(node.name)}`;
  const tensor = attrs.attribute('value')?.t;
  if (tensor) return readTensor(tensor, where);
  if (attrs.has('value_float'))
    return { dims: [], data: Float32Array.of(attrs.float('value_float', 0)) };
  if (attrs.has('value_floats')) {
    const values = attrs.attribute('value_floats')!.floats ?? [];
    return { dims: [values.length], data: Float32Array.from(values) };
  }
  if (attrs.has('value_int')) return { dims: [], data: Float64Array.of(attrs.int('value_int', 0)) };
  if (attrs.has('value_ints')) {
    const values = attrs.ints('value_ints', []);
    return { dims: [values.length], data: Float64Array.from(values) };
  }
  throw new ImportError(`${where} holds no tensor, float or int value the importer can read.`);
}

const DIM_NAMES = ['channels', 'height', 'width'];

function graphInput(info: ValueInfoProto): GraphInput {
  const name = info.name ?? '';
  const tensor = info.type?.tensorType;
  const where = `Input ${quote(name)}`;
  if (!tensor || tensor.elemType !== onnx.TensorProto.DataType.FLOAT) {
    throw new ImportError(`${where} is not a float32 tensor; only float32 image inputs import.`);
  }
  const dims = tensor.shape?.dim ?? [];
  if (dims.length !== 4 && dims.length !== 2) {
    throw new ImportError(
      `${where} has ${dims.length} dimensions; only [N, C, H, W] images and [N, F] vectors import.`,
    );
  }
  const names = dims.length === 4 ? DIM_NAMES : ['features'];
  return {
    name,
    // The batch (dims[0]) may be symbolic or any size: the engine takes any batch.
    dims: dims.slice(1).map((d, i) => {
      const size = toNumber(d.dimValue);
      if (d.dimParam || size < 1) {
        const symbol = d.dimParam ? ` (${quote(d.dimParam)})` : '';
        throw new ImportError(
          `${where} has a symbolic ${names[i]}${symbol}; only the batch may be symbolic. Export the model with a fixed input size.`,
        );
      }
      return size;
    }),
  };
}
