import { ShapeError, type LayerDef } from './layer';
import { sizeOf } from '../model/format';
import { listShapes, mergeReceptiveFields, requireInputs } from './merge';
import { settings } from './params';

// concat: images of equal H, W stacked along channels, or vectors joined, in edge order.
// In NCHW both are, per sample, the inputs' blocks one after another.

export const concat: LayerDef<Record<string, never>> = {
  type: 'concat',
  group: 'Merge',
  title: 'Concat',
  description: 'Stacks images along channels (equal height and width), or joins vectors.',
  arity: 'many',
  params: settings({}),
  required: [],
  keepsChannels: false,
  keepsClasses: false,
  outputShape(_c, inputs) {
    requireInputs('concat', inputs);
    const first = inputs[0].shape;
    if (first.length === 3) {
      const ok = inputs.every(
        (i) => i.shape.length === 3 && i.shape[1] === first[1] && i.shape[2] === first[2],
      );
      if (!ok)
        throw new ShapeError(
          `concat needs images of equal height and width, but ${listShapes(inputs)}`,
        );
      return [inputs.reduce((s, i) => s + i.shape[0], 0), first[1], first[2]];
    }
    if (!inputs.every((i) => i.shape.length === 1)) {
      throw new ShapeError(`concat needs all images or all vectors, but ${listShapes(inputs)}`);
    }
    return [inputs.reduce((s, i) => s + i.shape[0], 0)];
  },
  receptiveField: (_c, fields) => mergeReceptiveFields(fields),
  create(_c, inputs, output) {
    const sizes = inputs.map(sizeOf);
    const outSize = sizeOf(output);
    return {
      forward({ batch, inputs: xs, output: y }) {
        for (let n = 0; n < batch; n++) {
          let o = n * outSize;
          for (let k = 0; k < xs.length; k++) {
            const x = xs[k];
            const size = sizes[k];
            for (let i = n * size; i < (n + 1) * size; i++) y[o++] = x[i];
          }
        }
      },
      backward({ batch, dOutput: dy, dInputs }) {
        for (let n = 0; n < batch; n++) {
          let o = n * outSize;
          for (let k = 0; k < dInputs.length; k++) {
            const dx = dInputs[k];
            const size = sizes[k];
            if (dx) for (let i = n * size; i < (n + 1) * size; i++) dx[i] += dy[o++];
            else o += size;
          }
        }
      },
    };
  },
};
