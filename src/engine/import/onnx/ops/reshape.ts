import { shortestFloat32 } from '../../numbers';
import {
  requireForm,
  requireOnlyFirstOutput,
  Unmappable,
  type ConvertContext,
  type Converter,
  type Value,
} from '../context';
import type { OpNode } from '../graph';

// Operators that change how a tensor is seen rather than what it holds: Flatten and a Reshape to
// [N, -1] → flatten (nothing at all on a tensor that is flat already), the Transposes around a
// channels-first layer norm, Identity. Dropout, the identity in inference, stays a layer so the
// model trains as it was meant to.

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

function flatten(node: OpNode, ctx: ConvertContext, x: Value): void {
  if (x.form === 'vector') {
    ctx.alias(node, { ...x, dims: [size(x.dims)], direct: false });
    ctx.count(`${node.op} of a flat tensor`, 'needed no layer');
    return;
  }
  requireForm(x, ['image'], 'it');
  ctx.emit(node, { type: 'flatten', inputs: [x], form: 'vector', dims: [size(x.dims)] });
  ctx.count(node.op, 'became flatten');
}

/** The Reshape's target as [N, …] → the shape without the batch, when it is flat. */
function flatTarget(target: number[], x: Value): boolean {
  const features = size(x.dims);
  if (target.length !== 2) return false;
  const [n, f] = target;
  // 0 copies the batch, −1 infers it; a fixed 1 is a batch-1 export.
  return (
    (n === 0 || n === -1 || n === 1) && (f === -1 || f === features) && !(n === -1 && f === -1)
  );
}

export const reshapes: Record<string, Converter> = {
  Flatten(node, ctx) {
    const x = ctx.tensor(node.inputs[0]);
    const axis = node.attrs.int('axis', 1);
    if (axis !== 1 && axis !== 1 - (x.dims.length + 1))
      throw new Unmappable(
        `it flattens from axis ${axis}; only Flatten(axis = 1), keeping the batch, maps`,
      );
    flatten(node, ctx, x);
  },
  Reshape(node, ctx) {
    const x = ctx.tensor(node.inputs[0]);
    const shape = node.inputs[1] ? ctx.constant(node.inputs[1]) : undefined;
    if (!shape) throw new Unmappable('its target shape is computed in the graph, not a constant');
    const target = Array.from(shape.data);
    if (flatTarget(target, x)) return flatten(node, ctx, x);
    // A vector seen as [N, C, 1, 1] again (for a Mul with an image).
    const [n, c, h, w] = target;
    if (
      x.form === 'vector' &&
      target.length === 4 &&
      (n === 0 || n === -1 || n === 1) &&
      c === size(x.dims) &&
      h === 1 &&
      w === 1
    ) {
      ctx.alias(node, { ...x, dims: [c, 1, 1], direct: false });
      return;
    }
    throw new Unmappable(
      `it reshapes [N, ${x.dims.join(', ')}] to [${target.join(', ')}]; only reshapes to [N, -1] (flatten) map`,
    );
  },
  Transpose(node, ctx) {
    const x = ctx.tensor(node.inputs[0]);
    const perm = node.attrs.ints('perm', []).join(',');
    if (x.form === 'image' && perm === '0,2,3,1') {
      const [c, h, w] = x.dims;
      ctx.alias(node, { ...x, form: 'channelsLast', dims: [h, w, c], direct: false });
    } else if (x.form === 'channelsLast' && perm === '0,3,1,2') {
      const [h, w, c] = x.dims;
      ctx.alias(node, { ...x, form: 'image', dims: [c, h, w], direct: false });
    } else {
      throw new Unmappable(
        `it permutes [N, ${x.dims.join(', ')}] by [${perm}]; only the NCHW ↔ NHWC pair around a channels-first layer norm maps`,
      );
    }
    ctx.count('Transpose', 'around a channels-first layer norm needed no layer');
  },
  Identity(node, ctx) {
    ctx.alias(node, { ...ctx.tensor(node.inputs[0]), direct: false });
  },
  Dropout(node, ctx) {
    requireOnlyFirstOutput(node, ctx);
    const x = ctx.tensor(node.inputs[0]);
    // The ratio is an attribute until opset 12 and an optional input since.
    const ratioInput = ctx.opset >= 12 && node.inputs[1] ? ctx.constant(node.inputs[1]) : undefined;
    if (ctx.opset >= 12 && node.inputs[1] && !ratioInput)
      throw new Unmappable('its ratio is not a constant');
    const training = node.inputs[2] ? ctx.constant(node.inputs[2]) : undefined;
    if (node.inputs[2] && (!training || training.data[0] !== 0))
      throw new Unmappable('it runs in training mode');
    const rate = shortestFloat32(ratioInput ? ratioInput.data[0] : node.attrs.float('ratio', 0.5));
    if (!(rate >= 0 && rate < 1)) throw new Unmappable(`its ratio ${rate} is not in [0, 1)`);
    ctx.emit(node, {
      type: 'dropout',
      params: rate !== 0.5 ? { rate } : {},
      inputs: [x],
      form: x.form,
      dims: x.dims,
    });
    ctx.count(node.op, 'became dropout');
  },
};
