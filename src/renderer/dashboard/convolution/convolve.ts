// The arithmetic the "how convolution works" view shows, on the user's own weights: one output
// cell of one filter as a sum of input × weight products, plus the bias, through the activation.
// Cross-correlation with zero padding, as the engine computes it (model-format.md).

import { activate as activateScalar, LEAKY_RELU_SLOPE, type ModelSpec } from '../../../engine';
import { convPadding, type Conv2dConfig } from '../../../engine/layers/conv2d';
import type { Pair } from '../../../engine/layers/params';
import { windowOutputSize } from '../../../engine/layers/window';

export interface ConvSetup {
  /** The input channels the filter sees [C/G, H, W] (its group's, all C without groups), normalised. */
  input: Float32Array;
  channels: number;
  /** The first of those channels in the layer's input (0 without groups). */
  firstChannel: number;
  height: number;
  width: number;
  /** One filter's weights [C, kh, kw]. */
  kernel: Float32Array;
  kernelSize: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  bias: number;
  activation: Conv2dConfig['activation'];
  outH: number;
  outW: number;
}

export interface Term {
  channel: number;
  ky: number;
  kx: number;
  /** Input row and column; outside the image for padding, where the input is 0. */
  y: number;
  x: number;
  input: number;
  weight: number;
}

export interface Cell {
  terms: Term[];
  /** Σ input × weight. */
  sum: number;
  /** sum + bias. */
  preActivation: number;
  /** After the layer's activation: the value in the feature map. */
  value: number;
}

/** The conv layer's fused activation of x (conv2d has no softmax), as the engine applies it. */
export function activate(activation: Conv2dConfig['activation'], x: number): number {
  return activation === 'none' ? x : activateScalar(activation, x, LEAKY_RELU_SLOPE);
}

export function cell(s: ConvSetup, row: number, col: number): Cell {
  const terms: Term[] = [];
  let sum = 0;
  for (let c = 0; c < s.channels; c++) {
    for (let ky = 0; ky < s.kernelSize[0]; ky++) {
      for (let kx = 0; kx < s.kernelSize[1]; kx++) {
        const y = row * s.stride[0] - s.padding[0] + ky * s.dilation[0];
        const x = col * s.stride[1] - s.padding[1] + kx * s.dilation[1];
        const inside = y >= 0 && y < s.height && x >= 0 && x < s.width;
        const input = inside ? s.input[(c * s.height + y) * s.width + x] : 0;
        const weight = s.kernel[(c * s.kernelSize[0] + ky) * s.kernelSize[1] + kx];
        sum += input * weight;
        terms.push({ channel: c, ky, kx, y, x, input, weight });
      }
    }
  }
  const preActivation = sum + s.bias;
  return { terms, sum, preActivation, value: activate(s.activation, preActivation) };
}

/** The whole feature map of the filter [outH, outW], after the activation (no per-term objects). */
export function featureMap(s: ConvSetup): Float32Array {
  const out = new Float32Array(s.outH * s.outW);
  const [kh, kw] = s.kernelSize;
  for (let row = 0; row < s.outH; row++) {
    for (let col = 0; col < s.outW; col++) {
      let sum = s.bias;
      for (let c = 0; c < s.channels; c++) {
        for (let ky = 0; ky < kh; ky++) {
          const y = row * s.stride[0] - s.padding[0] + ky * s.dilation[0];
          if (y < 0 || y >= s.height) continue;
          for (let kx = 0; kx < kw; kx++) {
            const x = col * s.stride[1] - s.padding[1] + kx * s.dilation[1];
            if (x < 0 || x >= s.width) continue;
            sum += s.input[(c * s.height + y) * s.width + x] * s.kernel[(c * kh + ky) * kw + kx];
          }
        }
      }
      out[row * s.outW + col] = activate(s.activation, sum);
    }
  }
  return out;
}

/**
 * The setup for filter `filter` of conv layer `layer` of a parsed model (its weights decoded),
 * over `input` (the layer's input [C, H, W] as the feature maps reported it).
 */
export function setupFor(
  spec: ModelSpec,
  layer: string,
  filter: number,
  input: { shape: number[]; data: Float32Array },
): ConvSetup | null {
  const node = spec.nodes.find((n) => n.id === layer);
  const weight = spec.weights[layer]?.weight;
  if (!node || node.type !== 'conv2d' || !weight || input.shape.length !== 3) return null;
  const c = node.config as Conv2dConfig;
  const [all, height, width] = input.shape;
  const [kh, kw] = c.kernelSize;
  const channels = all / c.groups;
  const firstChannel = Math.floor(filter / (c.filters / c.groups)) * channels;
  const size = channels * kh * kw;
  const padding = convPadding(c);
  const plane = height * width;
  const out = (n: number, axis: 0 | 1) =>
    windowOutputSize(n, c.kernelSize[axis], c.stride[axis], padding[axis], c.dilation[axis]);
  return {
    input: input.data.subarray(firstChannel * plane, (firstChannel + channels) * plane),
    channels,
    firstChannel,
    height,
    width,
    kernel: weight.data.subarray(filter * size, (filter + 1) * size),
    kernelSize: c.kernelSize,
    stride: c.stride,
    padding,
    dilation: c.dilation,
    bias: spec.weights[layer]?.bias?.data[filter] ?? 0,
    activation: c.activation,
    outH: out(height, 0),
    outW: out(width, 1),
  };
}
