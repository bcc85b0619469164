import onnxProto from 'onnx-proto';
import { float32Bytes } from '../weightLayout';

// The official onnx.proto schema, compiled for protobufjs by the onnx-proto package (ONNX 1.10,
// which reads and writes IR version 7 / opset 13 models exactly).

const { onnx } = onnxProto;

export const IR_VERSION = 7;
export const OPSET = 13;

export type Attribute = onnxProto.onnx.IAttributeProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

const { AttributeType } = onnx.AttributeProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export const int = (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i });
export const float = (name: string, f: number): Attribute => ({
  name,
  type: AttributeType.FLOAT,
  f,
});
export const ints = (name: string, values: number[]): Attribute => ({
  name,
  type: AttributeType.INTS,
  ints: values,
});

/** A float32 initializer, stored as raw little-endian bytes. */
export function tensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return { name, dims, dataType: FLOAT, rawData: float32Bytes([values]) };
}

/** A one-dimensional int64 initializer (a shape or pads operand). */
export function int64Tensor(name: string, values: number[]): TensorProto {
  return { name, dims: [values.length], dataType: INT64, int64Data: values };
}

/** A float32 graph input or output; a string dimension is symbolic (a dynamic batch). */
export function valueInfo(name: string, dims: (number | string)[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  };
}

export interface ModelParts {
  name: string;
  docString: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  input: ValueInfoProto;
  output: ValueInfoProto;
  metadata: Record<string, string>;
}

export function encodeModel(parts: ModelParts): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'CNN Studio',
    docString: parts.docString,
    graph: {
      name: parts.name,
      node: parts.nodes,
      initializer: parts.initializers,
      input: [parts.input],
      output: [parts.output],
    },
    metadataProps: Object.entries(parts.metadata).map(([key, value]) => ({ key, value })),
  });
  const bytes = onnx.ModelProto.encode(model).finish();
  // protobufjs hands out a Node Buffer where one exists; callers get a plain Uint8Array everywhere.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
