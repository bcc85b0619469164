import onnxProto from 'onnx-proto';

// The ONNX schema the exporter writes with (src/engine/export/onnx/proto.ts), read here.

export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** protobufjs decodes int64 as a Long where the long package is bundled, as a number elsewhere. */
export type Int64 = number | { toNumber(): number };

export const toNumber = (x: Int64 | null | undefined): number =>
  x === null || x === undefined ? 0 : typeof x === 'number' ? x : x.toNumber();
