import { floatTensor, requireForm, Unmappable, type Converter } from '../context';
import type { Constant } from '../tensors';

// Gemm and MatMul (whose bias comes in the Add after it, merge.ts) → dense. The document keeps a
// dense weight as [units, F], which is Gemm's B with transB = 1 (PyTorch's Linear); other layouts
// and scale factors are applied to a copy.

/** B (or Bᵀ) as [units, F], scaled by alpha. */
function denseWeight(b: Constant, transposed: boolean, alpha: number): Float32Array {
  const [rows, cols] = b.dims;
  const src = b.data;
  if (transposed && alpha === 1) return src instanceof Float32Array ? src : Float32Array.from(src);
  const out = new Float32Array(rows * cols);
  if (transposed) {
    for (let i = 0; i < out.length; i++) out[i] = alpha * src[i];
  } else {
    // b is [F, units]: out[u, f] = b[f, u].
    for (let f = 0; f < rows; f++)
      for (let u = 0; u < cols; u++) out[u * rows + f] = alpha * src[f * cols + u];
  }
  return out;
}

/** A bias broadcast over the units: [units], [1, units], or one value. */
export function unitBias(c: Constant, units: number, beta = 1): Float32Array | null {
  const size = c.data.length;
  if (size !== units && size !== 1) return null;
  if (c.dims.length > 2 || (c.dims.length === 2 && c.dims[0] !== 1)) return null;
  if (size === units && beta === 1 && c.data instanceof Float32Array) return c.data;
  return Float32Array.from({ length: units }, (_, i) => beta * c.data[size === 1 ? 0 : i]);
}

export const gemm: Converter = (node, ctx) => {
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['vector'], 'it');
  if (node.attrs.int('transA', 0) !== 0)
    throw new Unmappable('it transposes its input (transA = 1)');
  const b = ctx.weight(node.inputs[1], 'weight B');
  const transB = node.attrs.int('transB', 0) === 1;
  if (b.dims.length !== 2) throw new Unmappable(`its weight B has shape [${b.dims}], not a matrix`);
  const [units, features] = transB ? b.dims : [b.dims[1], b.dims[0]];
  if (features !== x.dims[0])
    throw new Unmappable(`its weight B [${b.dims}] does not fit ${x.dims[0]} input features`);
  const alpha = node.attrs.float('alpha', 1);
  const beta = node.attrs.float('beta', 1);
  const weight = { shape: [units, features], data: denseWeight(b, transB, alpha) };
  let bias: Float32Array | null = null;
  if (node.inputs[2]) {
    bias = unitBias(ctx.weight(node.inputs[2], 'bias C'), units, beta);
    if (!bias)
      throw new Unmappable(
        `its bias C [${ctx.constant(node.inputs[2])!.dims}] is not one value per unit`,
      );
  }
  ctx.emit(node, {
    type: 'dense',
    params: { units, ...(bias ? {} : { useBias: false }) },
    inputs: [x],
    weights: { weight, ...(bias ? { bias: { shape: [units], data: bias } } : {}) },
    form: 'vector',
    dims: [units],
  });
  ctx.count('Gemm', 'became dense');
};

export const matMul: Converter = (node, ctx) => {
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['vector'], 'it');
  const b = ctx.weight(node.inputs[1], 'weight (second input)');
  if (b.dims.length !== 2 || b.dims[0] !== x.dims[0]) {
    throw new Unmappable(`its weight [${b.dims}] does not fit ${x.dims[0]} input features`);
  }
  const units = b.dims[1];
  ctx.emit(node, {
    type: 'dense',
    params: { units, useBias: false },
    inputs: [x],
    weights: { weight: floatTensor({ dims: [units, x.dims[0]], data: denseWeight(b, false, 1) }) },
    form: 'vector',
    dims: [units],
  });
  ctx.count('MatMul', 'became dense');
};
