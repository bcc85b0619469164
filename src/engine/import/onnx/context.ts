import type { TensorDoc } from '../../model/types';
import type { DocumentBuilder } from '../document';
import type { OpNode } from './graph';
import type { Constant } from './tensors';
import { quote } from '../../quote';

// What an operator's converter (ops/*.ts) sees: the tensors it reads as values of the document
// being built, the constants, and where to put the layer it becomes.

/**
 * How an ONNX tensor lives in the document. An `image` is [C, H, W]; a `vector` is [F], or
 * [C, 1, 1] in ONNX terms after a global pool, which convolutions and Mul read as a vector
 * (squeeze-and-excitation); `channelsLast` is an image seen through Transpose(0, 2, 3, 1),
 * [H, W, C], as a channels-first layer norm reads it.
 */
export type Form = 'image' | 'vector' | 'channelsLast';

export interface Value {
  /** The document node whose output this is. */
  node: string;
  form: Form;
  /** The ONNX shape without the batch. */
  dims: number[];
  /** Made by the operator that wrote this tensor (not reached through Identity or Flatten). */
  direct: boolean;
}

export interface LayerOutput {
  type: string;
  params?: Record<string, unknown>;
  inputs: Value[];
  weights?: Record<string, TensorDoc>;
  form: Form;
  dims: number[];
}

/** Thrown by a converter: this node cannot be mapped, and why (one clause). */
export class Unmappable extends Error {}

export interface ConvertContext {
  opset: number;
  builder: DocumentBuilder;
  /** The tensor as a value; throws Unmappable when it is a constant or missing. */
  tensor(name: string): Value;
  constant(name: string): Constant | undefined;
  /** A float constant the node needs (a weight); throws Unmappable naming `what` otherwise. */
  weight(name: string, what: string): Constant;
  /** How many nodes read the tensor (the graph output counting as one). */
  uses(name: string): number;
  /** Adds the layer the node becomes; its first output is the layer's output. */
  emit(node: OpNode, layer: LayerOutput): Value;
  /** The node's first output is `value`, with no layer of its own. */
  alias(node: OpNode, value: Value): void;
  /** Counts a mapping for the report, e.g. ("Clip(0, 6)", "became relu6"). */
  count(what: string, how: string): void;
}

export type Converter = (node: OpNode, ctx: ConvertContext) => void;

/** The tensor's layer, when only this node reads it and the layer is one of `types`. */
export function absorbing(ctx: ConvertContext, name: string, types: string[]): string | null {
  const value = ctx.tensor(name);
  if (!value.direct || ctx.uses(name) !== 1) return null;
  return types.includes(ctx.builder.node(value.node).type) ? value.node : null;
}

/** Unused extra outputs (BatchNormalization's statistics, Dropout's mask) are fine; used ones not. */
export function requireOnlyFirstOutput(node: OpNode, ctx: ConvertContext): void {
  const used = node.outputs.slice(1).filter((o) => o && ctx.uses(o) > 0);
  if (used.length > 0)
    throw new Unmappable(
      `its output ${quote(used[0])} is read, and only the first output of ${node.op} maps`,
    );
}

export function requireForm(value: Value, forms: Form[], what: string): void {
  if (forms.includes(value.form)) return;
  const shape = `[N, ${value.dims.join(', ')}]`;
  const wanted = forms
    .map((f) =>
      f === 'image'
        ? 'an NCHW image'
        : f === 'vector'
          ? 'a flat [N, F] tensor'
          : 'a channels-last image',
    )
    .join(' or ');
  throw new Unmappable(`${what} reads a ${shape} tensor; it maps only on ${wanted}`);
}

export const floatTensor = (c: Constant, dims: number[] = c.dims): TensorDoc => ({
  shape: dims,
  data: c.data instanceof Float32Array ? c.data : Float32Array.from(c.data),
});
