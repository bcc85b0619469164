import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { Random } from '../../src/engine/index';
import type { Attribute, NodeProto } from '../../src/engine/export/onnx/proto';

// Small ONNX models written in the tests, one operator pattern each, and onnxruntime-web (its
// WASM backend, in Node) to say what they compute.

export { float, int, ints } from '../../src/engine/export/onnx/proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

export interface OnnxSpec {
  input: { name: string; dims: (number | string)[] };
  output: string;
  nodes: NodeProto[];
  /** Float initializers by name: dims and values. */
  weights?: Record<string, [number[], ArrayLike<number>]>;
  opset?: number;
  producer?: string;
  graphName?: string;
  /** Further raw initializers (other types, external data). */
  extraInitializers?: onnxProto.onnx.ITensorProto[];
}

export const op = (
  opType: string,
  input: string[],
  output: string[] | string,
  attribute: Attribute[] = [],
  name?: string,
): NodeProto => ({
  opType,
  input,
  output: typeof output === 'string' ? [output] : output,
  attribute,
  // Named as PyTorch names a module's operator, "/<module>/<Op>".
  name: name ?? `/${typeof output === 'string' ? output : output[0]}/${opType}`,
});

export function floatInitializer(name: string, dims: number[], values: ArrayLike<number>) {
  const data = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) };
}

export function onnxBytes(spec: OnnxSpec): Uint8Array {
  const tensorType = (dims: (number | string)[]) => ({
    tensorType: {
      elemType: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    producerName: spec.producer ?? 'test',
    graph: {
      name: spec.graphName ?? 'test-graph',
      node: spec.nodes,
      initializer: [
        ...Object.entries(spec.weights ?? {}).map(([name, [dims, v]]) =>
          floatInitializer(name, dims, v),
        ),
        ...(spec.extraInitializers ?? []),
      ],
      input: [{ name: spec.input.name, type: tensorType(spec.input.dims) }],
      output: [{ name: spec.output, type: { tensorType: { elemType: FLOAT } } }],
    },
  });
  const bytes = onnx.ModelProto.encode(model).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `n` seeded normal values, scaled. */
export function normals(n: number, seed: number, scale = 1): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n }, () => scale * random.normal());
}

/** `n` seeded values uniform in [lo, hi). */
export function uniforms(n: number, seed: number, lo: number, hi: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * random.float());
}

/** What onnxruntime-web computes for one input of `dims` (batch first). */
export async function runOrt(
  bytes: Uint8Array,
  input: Float32Array,
  dims: number[],
): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({
      [session.inputNames[0]]: new ort.Tensor('float32', input, dims),
    });
    return result[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / (scale || 1);
}
