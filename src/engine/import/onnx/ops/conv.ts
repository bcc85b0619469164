import type { TensorDoc } from '../../../model/types';
import { intOrPair } from '../../numbers';
import { floatTensor, requireForm, Unmappable, type Converter } from '../context';
import { readWindow, windowOutput } from './window';

// Conv → conv2d (groups, dilations, symmetric pads). A 1×1 Conv on a globally pooled [N, C, 1, 1]
// tensor is a dense layer on the vector (the squeeze-and-excitation block's fully connected
// layers), with the same weights seen as [F, C].

export const conv: Converter = (node, ctx) => {
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['image', 'vector'], 'it');
  const w = ctx.weight(node.inputs[1], 'weight');
  if (w.dims.length !== 4)
    throw new Unmappable(`its weight has shape [${w.dims}]; only 2-D convolutions map`);
  const bias = node.inputs[2] ? ctx.weight(node.inputs[2], 'bias') : undefined;
  const [filters, perGroup, kh, kw] = w.dims;
  const groups = node.attrs.int('group', 1);
  const biasWeights: Record<string, TensorDoc> = bias ? { bias: floatTensor(bias, [filters]) } : {};
  const channels = x.dims[0];
  if (perGroup * groups !== channels) {
    throw new Unmappable(
      `its weight [${w.dims}] with group ${groups} does not fit ${channels} input channels`,
    );
  }

  if (x.form === 'vector') {
    const window = readWindow(node.attrs, [kh, kw], [channels, 1, 1]);
    if (kh !== 1 || kw !== 1 || groups !== 1 || window.padding.some((p) => p > 0)) {
      throw new Unmappable('it convolves a globally pooled 1×1 tensor with more than a 1×1 kernel');
    }
    ctx.emit(node, {
      type: 'dense',
      params: { units: filters, ...(bias ? {} : { useBias: false }) },
      inputs: [x],
      weights: { weight: floatTensor(w, [filters, channels]), ...biasWeights },
      form: 'vector',
      dims: [filters, 1, 1],
    });
    ctx.count('Conv', 'on a pooled 1×1 tensor became dense');
    return;
  }

  const window = readWindow(node.attrs, [kh, kw], x.dims);
  if (window.kernel[0] !== kh || window.kernel[1] !== kw) {
    throw new Unmappable(
      `its kernel_shape [${window.kernel}] does not match its weight [${w.dims}]`,
    );
  }
  const [outH, outW] = windowOutput(window, x.dims);
  const { stride, padding, dilation } = window;
  ctx.emit(node, {
    type: 'conv2d',
    params: {
      filters,
      kernelSize: intOrPair([kh, kw]),
      ...(stride[0] !== 1 || stride[1] !== 1 ? { stride: intOrPair(stride) } : {}),
      ...(padding[0] || padding[1] ? { padding: intOrPair(padding) } : {}),
      ...(dilation[0] !== 1 || dilation[1] !== 1 ? { dilation: intOrPair(dilation) } : {}),
      ...(groups !== 1 ? { groups } : {}),
      ...(bias ? {} : { useBias: false }),
    },
    inputs: [x],
    weights: { weight: floatTensor(w), ...biasWeights },
    form: 'image',
    dims: [filters, outH, outW],
  });
  ctx.count(
    'Conv',
    groups === 1
      ? 'became conv2d'
      : groups === channels
        ? 'became depthwise conv2d (groups = channels)'
        : 'became grouped conv2d',
  );
};

/**
 * The fused ChannelAffine (patterns.ts), x·s + b per channel → a depthwise 1×1 conv2d whose
 * weights are the scales and bias the shifts: the same numbers, as a layer the document has.
 */
export const channelAffine: Converter = (node, ctx) => {
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['image'], 'it');
  const { scale, shift } = node.affine!;
  const channels = x.dims[0];
  if (scale.length !== channels)
    throw new Unmappable(`it joins ${scale.length} of the input's ${channels} channels`);
  ctx.emit(node, {
    type: 'conv2d',
    params: { filters: channels, kernelSize: 1, groups: channels },
    inputs: [x],
    weights: {
      weight: { shape: [channels, 1, 1, 1], data: Float32Array.from(scale) },
      bias: { shape: [channels], data: Float32Array.from(shift) },
    },
    form: 'image',
    dims: x.dims,
  });
  ctx.count(
    'Gather/Mul/Add/Concat scaling and shifting each channel',
    'became a depthwise 1×1 conv2d',
  );
};
