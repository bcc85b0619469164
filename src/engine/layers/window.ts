import type { WindowGeometry } from '../kernels';
import { formatShape } from '../model/format';
import type { ReceptiveField, Shape } from '../model/types';
import { ShapeError, type ShapeInput } from './layer';
import type { Pair } from './params';
import { quote } from '../quote';

// What conv2d and the pooling layers share: the output-size formula, its refusals, the geometry
// the kernels take, and how a window grows the receptive field.

/**
 * out = floor((in + 2p − d(k − 1) − 1) / s) + 1, or with `ceil` rounded up instead, except that
 * a last window starting past the input and its left padding is dropped (PyTorch's ceil_mode).
 */
export function windowOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
  ceil = false,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1;
  if (!ceil) return Math.floor(span / stride) + 1;
  const out = Math.ceil(span / stride) + 1;
  return (out - 1) * stride >= size + pad ? out - 1 : out;
}

export function requireImage(layer: string, input: ShapeInput): [number, number, number] {
  if (input.shape.length !== 3) {
    throw new ShapeError(
      `${layer} needs an image [C, H, W] but its input ${quote(input.id)} gives a vector of ${input.shape[0]} features`,
    );
  }
  return [input.shape[0], input.shape[1], input.shape[2]];
}

/**
 * The geometry of a window over `input` (output size rounded up with `ceil`), or a ShapeError
 * naming `kernelSetting` when it does not fit.
 */
export function windowGeometry(
  input: Shape,
  kernel: Pair,
  stride: Pair,
  pad: Pair,
  dilation: Pair,
  kernelSetting: string,
  ceil = false,
): WindowGeometry {
  const [channels, height, width] = input;
  const spanH = dilation[0] * (kernel[0] - 1) + 1;
  const spanW = dilation[1] * (kernel[1] - 1) + 1;
  if (spanH > height + 2 * pad[0] || spanW > width + 2 * pad[1]) {
    const dilated =
      dilation[0] > 1 || dilation[1] > 1
        ? ` (with dilation ${formatPair(dilation)} it spans ${spanH}×${spanW})`
        : '';
    throw new ShapeError(
      `${kernelSetting} ${formatPair(kernel)}${dilated} is larger than its input ${height}×${width} (padding ${formatPair(pad)})`,
      kernelSetting,
    );
  }
  return {
    channels,
    height,
    width,
    kernelH: kernel[0],
    kernelW: kernel[1],
    strideH: stride[0],
    strideW: stride[1],
    padH: pad[0],
    padW: pad[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    outH: windowOutputSize(height, kernel[0], stride[0], pad[0], dilation[0], ceil),
    outW: windowOutputSize(width, kernel[1], stride[1], pad[1], dilation[1], ceil),
  };
}

/** `5` for [5, 5], `5×3` otherwise. */
export function formatPair(p: Pair): string {
  return p[0] === p[1] ? String(p[0]) : formatShape(p);
}

export function windowReceptiveField(
  rf: ReceptiveField,
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
): ReceptiveField {
  return {
    size: [
      rf.size[0] + dilation[0] * (kernel[0] - 1) * rf.jump[0],
      rf.size[1] + dilation[1] * (kernel[1] - 1) * rf.jump[1],
    ],
    jump: [rf.jump[0] * stride[0], rf.jump[1] * stride[1]],
  };
}

/** A layer that sees its whole input (dense, global pooling): at least the network's input. */
export function wholeInputReceptiveField(rf: ReceptiveField, network: Shape): ReceptiveField {
  const h = network.length === 3 ? network[1] : 1;
  const w = network.length === 3 ? network[2] : 1;
  return { size: [Math.max(rf.size[0], h), Math.max(rf.size[1], w)], jump: [h, w] };
}
