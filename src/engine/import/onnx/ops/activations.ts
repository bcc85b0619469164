import { LEAKY_RELU_SLOPE } from '../../../math/activations';
import { shortestFloat32 } from '../../numbers';
import {
  absorbing,
  requireForm,
  Unmappable,
  type ConvertContext,
  type Converter,
} from '../context';
import type { OpNode } from '../graph';

// Element-wise activations → their layers, or the `activation` of the conv2d or dense they
// follow when nothing else reads that layer's output (the document's compact form, as our own
// export writes it).

const LEAKY_DEFAULT = Math.fround(LEAKY_RELU_SLOPE);

function activate(
  node: OpNode,
  ctx: ConvertContext,
  type: string,
  what: string,
  params: Record<string, unknown> = {},
): void {
  const x = ctx.tensor(node.inputs[0]);
  // A node named like a layer of its own (a bare id: our export's separate activation layers)
  // stays one; exporters name the parts of a layer with a path ("/layer1/relu/Relu", "c1/relu").
  const fusable =
    node.name.includes('/') &&
    (Object.keys(params).length === 0 ||
      (type === 'leakyrelu' && Math.fround(params.alpha as number) === LEAKY_DEFAULT));
  const host = fusable
    ? absorbing(ctx, node.inputs[0], type === 'softmax' ? ['dense'] : ['conv2d', 'dense'])
    : null;
  if (host && ctx.builder.node(host).params?.activation === undefined) {
    ctx.builder.setParam(host, 'activation', type);
    ctx.alias(node, { ...x, direct: true });
    ctx.count(what, `became the activation of the ${ctx.builder.node(host).type} before it`);
    return;
  }
  ctx.emit(node, { type, params, inputs: [x], form: x.form, dims: x.dims });
  ctx.count(what, `became ${type}`);
}

const simple =
  (type: string): Converter =>
  (node, ctx) =>
    activate(node, ctx, type, node.op);

/** A Clip bound: an attribute until opset 11, an optional constant input since. */
function bound(
  node: OpNode,
  ctx: ConvertContext,
  index: 1 | 2,
  attr: 'min' | 'max',
): number | undefined {
  if (ctx.opset < 11) return node.attrs.has(attr) ? node.attrs.float(attr, 0) : undefined;
  const name = node.inputs[index];
  if (!name) return undefined;
  const c = ctx.constant(name);
  if (!c || c.data.length !== 1) throw new Unmappable(`its ${attr} is not a constant`);
  return c.data[0];
}

export const activations: Record<string, Converter> = {
  Relu: simple('relu'),
  Sigmoid: simple('sigmoid'),
  Tanh: simple('tanh'),
  Silu: (node, ctx) => activate(node, ctx, 'silu', 'x·Sigmoid(x)'),
  Gelu: (node, ctx) => activate(node, ctx, 'gelu', 'Erf formula (GELU)'),
  LeakyRelu(node, ctx) {
    const alpha = shortestFloat32(node.attrs.float('alpha', 0.01));
    activate(
      node,
      ctx,
      'leakyrelu',
      node.op,
      Math.fround(alpha) === LEAKY_DEFAULT ? {} : { alpha },
    );
  },
  Clip(node, ctx) {
    const min = bound(node, ctx, 1, 'min');
    const max = bound(node, ctx, 2, 'max');
    if (min === 0 && max === 6) return activate(node, ctx, 'relu6', 'Clip(0, 6)');
    if (min === 0 && (max === undefined || max === Infinity))
      return activate(node, ctx, 'relu', 'Clip(0, ∞)');
    throw new Unmappable(
      `it clips to [${min ?? '-∞'}, ${max ?? '∞'}]; only Clip(0, 6) (relu6) and Clip(0, ∞) (relu) map`,
    );
  },
  Softmax(node, ctx) {
    const x = ctx.tensor(node.inputs[0]);
    requireForm(x, ['vector'], 'it');
    // The default axis was 1 until opset 13 and is −1 since; on [N, F] both are the features.
    const axis = node.attrs.int('axis', ctx.opset < 13 ? 1 : -1);
    if ((axis !== 1 && axis !== -1) || x.dims.length !== 1)
      throw new Unmappable(`it takes the softmax over axis ${axis}, not over the features`);
    activate(node, ctx, 'softmax', node.op);
  },
};
