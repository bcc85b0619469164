import type { Attributes } from '../attributes';
import { Unmappable } from '../context';

// The sliding-window attributes shared by Conv, MaxPool and AveragePool, as the document's
// symmetric [h, w] settings. Explicit pads must be equal on both sides; auto_pad is resolved.

export interface Window {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: [number, number];
  ceil: boolean;
}

const pair = (values: number[], what: string): [number, number] => {
  if (values.length !== 2)
    throw new Unmappable(`its ${what} has ${values.length} values; only 2-D windows map`);
  return [values[0], values[1]];
};

export function readWindow(attrs: Attributes, kernel: number[], input: number[]): Window {
  const k = pair(attrs.ints('kernel_shape', kernel), 'kernel_shape');
  const stride = pair(attrs.ints('strides', [1, 1]), 'strides');
  const dilation = pair(attrs.ints('dilations', [1, 1]), 'dilations');
  const ceil = attrs.int('ceil_mode', 0) === 1;
  const autoPad = attrs.string('auto_pad', 'NOTSET');
  let pads: number[];
  if (autoPad === 'NOTSET') {
    pads = attrs.ints('pads', [0, 0, 0, 0]);
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0];
  } else {
    // SAME_UPPER / SAME_LOWER: the output is ceil(in / stride); the total padding splits in two.
    const total = [0, 1].map((i) => {
      const out = Math.ceil(input[i + 1] / stride[i]);
      return Math.max(0, (out - 1) * stride[i] + dilation[i] * (k[i] - 1) + 1 - input[i + 1]);
    });
    if (total.some((t) => t % 2 !== 0)) {
      throw new Unmappable(
        `auto_pad ${autoPad} pads one side more than the other here, and padding maps only when both sides are equal`,
      );
    }
    pads = [total[0] / 2, total[1] / 2, total[0] / 2, total[1] / 2];
  }
  if (pads.length !== 4)
    throw new Unmappable(`its pads have ${pads.length} values; only 2-D windows map`);
  const [top, left, bottom, right] = pads;
  if (top !== bottom || left !== right) {
    throw new Unmappable(
      `its pads [${pads.join(', ')}] differ between the two sides, and padding maps only when both sides are equal`,
    );
  }
  return { kernel: k, stride, dilation, padding: [top, left], ceil };
}

/**
 * [H', W'] of the window over an [C, H, W] input; ceil mode as PyTorch, whose last window must
 * start inside the input or its left padding.
 */
export function windowOutput(w: Window, input: number[]): [number, number] {
  const size = (i: 0 | 1) => {
    const span = input[i + 1] + 2 * w.padding[i] - w.dilation[i] * (w.kernel[i] - 1) - 1;
    let out = (w.ceil ? Math.ceil(span / w.stride[i]) : Math.floor(span / w.stride[i])) + 1;
    if (w.ceil && (out - 1) * w.stride[i] >= input[i + 1] + w.padding[i]) out -= 1;
    return out;
  };
  const out: [number, number] = [size(0), size(1)];
  if (out[0] < 1 || out[1] < 1)
    throw new Unmappable(`its window does not fit the ${input[1]}×${input[2]} input`);
  return out;
}
