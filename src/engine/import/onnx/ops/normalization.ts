import { complementFloat32, shortestFloat32 } from '../../numbers';
import {
  floatTensor,
  requireForm,
  requireOnlyFirstOutput,
  Unmappable,
  type ConvertContext,
  type Converter,
  type Form,
} from '../context';
import type { OpNode } from '../graph';

// BatchNormalization → batchnorm; LayerNormalization, and the layer-norm chain patterns.ts fuses,
// → layernorm when they normalise over the channels (features) at each position, which is the
// only layer norm the document has (ConvNeXt's channels-first one, for images).

/** A per-channel constant: [C], or [C, 1, 1] as a channels-first layer norm broadcasts it. */
function perChannel(ctx: ConvertContext, name: string, what: string, channels: number) {
  const c = ctx.weight(name, what);
  if (c.data.length !== channels) {
    throw new Unmappable(`its ${what} [${c.dims}] is not one value per channel (${channels})`);
  }
  return floatTensor(c, [channels]);
}

export const batchNormalization: Converter = (node, ctx) => {
  requireOnlyFirstOutput(node, ctx);
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['image', 'vector'], 'it');
  if (node.attrs.int('training_mode', 0) !== 0)
    throw new Unmappable('it is exported in training mode');
  const channels = x.dims[0];
  const [gamma, beta, runningMean, runningVar] = ['scale', 'bias', 'mean', 'var'].map((what, i) =>
    perChannel(ctx, node.inputs[i + 1], what, channels),
  );
  const epsilon = shortestFloat32(node.attrs.float('epsilon', 1e-5));
  // ONNX's momentum is the share the running statistics keep; the document's the share they take.
  const momentum = complementFloat32(node.attrs.float('momentum', 0.9));
  ctx.emit(node, {
    type: 'batchnorm',
    params: {
      ...(Math.fround(epsilon) !== Math.fround(1e-5) ? { epsilon } : {}),
      ...(momentum !== 0.1 ? { momentum } : {}),
    },
    inputs: [x],
    weights: { gamma, beta, runningMean, runningVar },
    form: x.form,
    dims: x.dims,
  });
  ctx.count(node.op, 'became batchnorm');
};

/** Whether `axes` are the channels of a tensor in this form. */
function overChannels(form: Form, axes: number[]): boolean {
  if (axes.length !== 1) return false;
  const [axis] = axes;
  if (form === 'vector') return axis === 1 || axis === -1;
  if (form === 'channelsLast') return axis === 3 || axis === -1;
  return axis === 1 || axis === -3;
}

function layerNorm(
  node: OpNode,
  ctx: ConvertContext,
  axes: number[],
  epsilon: number,
  what: string,
): void {
  const x = ctx.tensor(node.inputs[0]);
  if (x.form === 'vector' && x.dims.length !== 1) requireForm(x, ['image'], 'it');
  if (!overChannels(x.form, axes)) {
    throw new Unmappable(
      `it normalises over axes [${axes}] of a [N, ${x.dims.join(', ')}] tensor; only a layer norm over the channels at each position maps`,
    );
  }
  const channels = x.form === 'channelsLast' ? x.dims[2] : x.dims[0];
  const [gammaName, betaName] = [node.inputs[1], node.inputs[2]];
  const gamma = gammaName
    ? perChannel(ctx, gammaName, 'scale', channels)
    : { shape: [channels], data: new Float32Array(channels).fill(1) };
  const beta = betaName
    ? perChannel(ctx, betaName, 'bias', channels)
    : { shape: [channels], data: new Float32Array(channels) };
  const eps = shortestFloat32(epsilon);
  ctx.emit(node, {
    type: 'layernorm',
    params: Math.fround(eps) !== Math.fround(1e-5) ? { epsilon: eps } : {},
    inputs: [x],
    weights: { gamma, beta },
    form: x.form,
    dims: x.dims,
  });
  ctx.count(what, 'became layernorm');
}

export const normalization: Record<string, Converter> = {
  BatchNormalization: batchNormalization,
  LayerNormalization(node, ctx) {
    requireOnlyFirstOutput(node, ctx);
    layerNorm(node, ctx, [node.attrs.int('axis', -1)], node.attrs.float('epsilon', 1e-5), node.op);
  },
  LayerNorm(node, ctx) {
    layerNorm(
      node,
      ctx,
      node.fused!.axes,
      node.fused!.epsilon,
      'ReduceMean/Sub/Pow/Sqrt/Div chain (a layer norm)',
    );
  },
};
