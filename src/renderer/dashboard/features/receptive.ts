// Which input pixels one value of a feature map depends on. The engine reports each layer's
// receptive field size and jump; this adds where it starts (padding moves it up and left), so a
// clicked pixel of any spatial map can be traced back to a rectangle of the input image.

import type { ModelInspection } from '../../../engine';
import { convPadding, type Conv2dConfig } from '../../../engine/layers/conv2d';
import type { Pair } from '../../../engine/layers/params';
import { poolStride, type PoolConfig } from '../../../engine/layers/pooling';

/** Along one axis: output index i sees input pixels start + i·jump … start + i·jump + size − 1. */
interface Axis {
  start: number;
  jump: number;
  size: number;
}

export interface Field {
  rows: Axis;
  cols: Axis;
}

/** An input rectangle, clipped to the image. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const slide = (a: Axis, kernel: number, stride: number, pad: number, dilation: number): Axis => ({
  start: a.start - pad * a.jump,
  jump: a.jump * stride,
  size: a.size + dilation * (kernel - 1) * a.jump,
});

/** Spatial receptive fields of every layer whose output is an image; null for the rest. */
export function receptiveFields(inspection: ModelInspection): Map<string, Field | null> {
  const fields = new Map<string, Field | null>();
  for (const id of inspection.order) {
    const node = inspection.nodes.get(id);
    const inputs = (inspection.inputsOf.get(id) ?? []).map((i) => fields.get(i) ?? null);
    if (!node || node.summary?.outputShape?.length !== 3) {
      fields.set(id, null);
      continue;
    }
    if (node.type === 'input') {
      const unit = { start: 0, jump: 1, size: 1 };
      fields.set(id, { rows: unit, cols: { ...unit } });
      continue;
    }
    if (inputs.length === 0 || inputs.some((f) => f === null)) {
      fields.set(id, null);
      continue;
    }
    const known = inputs as Field[];
    fields.set(id, fieldOf(node.type, node.config, known));
  }
  return fields;
}

function fieldOf(type: string, config: Record<string, unknown> | null, inputs: Field[]): Field {
  const [first] = inputs;
  if (type === 'conv2d' && config) {
    const c = config as Conv2dConfig;
    const pad = convPadding(c);
    return along(first, c.kernelSize, c.stride, pad, c.dilation);
  }
  if ((type === 'maxpool2d' || type === 'avgpool2d') && config) {
    const c = config as PoolConfig;
    return along(first, c.poolSize, poolStride(c), c.padding, [1, 1]);
  }
  if (type === 'add' || type === 'concat') return union(inputs);
  // Element-wise layers see what their input saw.
  return first;
}

function along(f: Field, kernel: Pair, stride: Pair, pad: Pair, dilation: Pair): Field {
  return {
    rows: slide(f.rows, kernel[0], stride[0], pad[0], dilation[0]),
    cols: slide(f.cols, kernel[1], stride[1], pad[1], dilation[1]),
  };
}

/** Merged branches: from the earliest start to the furthest end (their jumps agree). */
function union(fields: Field[]): Field {
  const merge = (axes: Axis[]): Axis => {
    const start = Math.min(...axes.map((a) => a.start));
    const end = Math.max(...axes.map((a) => a.start + a.size));
    return { start, jump: axes[0].jump, size: end - start };
  };
  return { rows: merge(fields.map((f) => f.rows)), cols: merge(fields.map((f) => f.cols)) };
}

/** The input rectangle (inclusive) that output (row, col) of a layer sees, clipped to the image. */
export function inputRect(
  field: Field,
  row: number,
  col: number,
  height: number,
  width: number,
): Rect {
  const top = field.rows.start + row * field.rows.jump;
  const left = field.cols.start + col * field.cols.jump;
  return {
    top: Math.max(0, top),
    left: Math.max(0, left),
    bottom: Math.min(height - 1, top + field.rows.size - 1),
    right: Math.min(width - 1, left + field.cols.size - 1),
  };
}
