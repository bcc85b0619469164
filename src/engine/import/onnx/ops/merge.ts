import { absorbing, Unmappable, type ConvertContext, type Converter, type Value } from '../context';
import type { OpNode } from '../graph';
import { unitBias } from './linear';

// Add → add (a chain of Adds is one add with several inputs, as our export writes a sum) or, with
// a constant, the bias of the MatMul or Conv before it; Mul → multiply, including an image scaled
// per channel by a pooled [N, C, 1, 1] vector (squeeze-and-excitation); Concat → concat.

const sameDims = (a: Value, b: Value) =>
  a.dims.length === b.dims.length && a.dims.every((d, i) => d === b.dims[i]);

const shape = (v: Value) => `[N, ${v.dims.join(', ')}]`;

/** The constant operand of a two-input node and the other one, or null when neither is constant. */
function constantOperand(node: OpNode, ctx: ConvertContext): [string, string] | null {
  const [a, b] = node.inputs;
  if (ctx.constant(b)) return [b, a];
  if (ctx.constant(a)) return [a, b];
  return null;
}

function addBias(node: OpNode, ctx: ConvertContext, constName: string, xName: string): void {
  const x = ctx.tensor(xName);
  const host = absorbing(ctx, xName, ['dense', 'conv2d']);
  const hostNode = host ? ctx.builder.node(host) : null;
  if (!host || !hostNode || hostNode.params?.useBias !== false || hostNode.params.activation) {
    throw new Unmappable(
      'it adds a constant to a tensor that is not the output of a MatMul or Conv without bias',
    );
  }
  const c = ctx.constant(constName)!;
  const units = x.dims[0];
  // A Conv's bias broadcasts as [C, 1, 1]; a flat [C] would broadcast over the width instead.
  const ok =
    hostNode.type === 'dense'
      ? unitBias(c, units)
      : c.data.length === units && c.dims.slice(-2).every((d) => d === 1) && c.dims.length >= 3
        ? unitBias({ dims: [units], data: c.data }, units)
        : null;
  if (!ok)
    throw new Unmappable(
      `its constant [${c.dims}] is not one bias per ${hostNode.type === 'dense' ? 'unit' : 'channel'}`,
    );
  ctx.builder.setParam(host, 'useBias', undefined);
  ctx.builder.setWeight(host, 'bias', { shape: [units], data: ok });
  ctx.alias(node, { ...x, direct: true });
  ctx.count('Add of a constant', `became the bias of the ${hostNode.type} before it`);
}

export const add: Converter = (node, ctx) => {
  if (node.inputs.length !== 2) throw new Unmappable(`it has ${node.inputs.length} inputs`);
  const constant = constantOperand(node, ctx);
  if (constant) return addBias(node, ctx, ...constant);
  const [a, b] = node.inputs.map((n) => ctx.tensor(n));
  if (!sameDims(a, b) || a.form !== b.form) {
    throw new Unmappable(
      `it broadcasts ${shape(a)} and ${shape(b)}; add maps only on tensors of one shape`,
    );
  }
  // Edges are unique, so a sum that adds the same tensor twice stays two adds.
  const sum = absorbing(ctx, node.inputs[0], ['add']);
  if (sum && !ctx.builder.inputsOf(sum).includes(b.node)) {
    ctx.builder.connect(b.node, sum);
    ctx.alias(node, { ...a, direct: true });
    return;
  }
  ctx.emit(node, { type: 'add', inputs: [a, b], form: a.form, dims: a.dims });
  ctx.count(node.op, 'became add');
};

export const mul: Converter = (node, ctx) => {
  if (constantOperand(node, ctx))
    throw new Unmappable('it scales by a constant, which no layer does');
  const [a, b] = node.inputs.map((n) => ctx.tensor(n));
  const pooled = (v: Value) => v.form === 'vector' && v.dims.length === 3;
  const fits =
    (sameDims(a, b) && a.form === b.form && a.form !== 'channelsLast') ||
    (a.form === 'image' && pooled(b) && b.dims[0] === a.dims[0]) ||
    (b.form === 'image' && pooled(a) && a.dims[0] === b.dims[0]);
  if (!fits)
    throw new Unmappable(
      `it multiplies ${shape(a)} by ${shape(b)}; multiply maps on tensors of one shape or an image by one value per channel`,
    );
  const image = a.form === 'image' ? a : b;
  ctx.emit(node, { type: 'multiply', inputs: [a, b], form: image.form, dims: image.dims });
  ctx.count(
    node.op,
    a.form === b.form
      ? 'became multiply'
      : 'of an image by a pooled [N, C, 1, 1] tensor became multiply (squeeze-and-excitation)',
  );
};

export const concat: Converter = (node, ctx) => {
  const values = node.inputs.map((n) => ctx.tensor(n));
  const first = values[0];
  const axis = node.attrs.int('axis', 1);
  const rank = first.dims.length + 1;
  const onChannels = (axis === 1 || axis === 1 - rank) && first.form !== 'channelsLast';
  const rest = first.dims.slice(1);
  const fits = values.every(
    (v) =>
      v.form === first.form &&
      v.dims.length === first.dims.length &&
      v.dims.slice(1).every((d, i) => d === rest[i]),
  );
  if (!onChannels || !fits) {
    throw new Unmappable(
      `it joins ${values.map(shape).join(', ')} on axis ${axis}; concat maps on the channels of images of one size, or on the features of vectors`,
    );
  }
  if (values.length === 1) {
    // torch.cat of a one-tensor list (DenseNet's first layer of each block).
    ctx.alias(node, { ...first, direct: false });
    ctx.count(`${node.op} of one tensor`, 'needed no layer');
    return;
  }
  if (new Set(values.map((v) => v.node)).size < values.length) {
    throw new Unmappable(
      'it joins the same tensor more than once, and a layer reads each input once',
    );
  }
  const channels = values.reduce((s, v) => s + v.dims[0], 0);
  ctx.emit(node, { type: 'concat', inputs: values, form: first.form, dims: [channels, ...rest] });
  ctx.count(node.op, 'became concat');
};
