import { ShapeError, type LayerDef } from './layer';
import { sizeOf } from '../model/format';
import { listShapes, mergeReceptiveFields, requireInputs } from './merge';
import { settings } from './params';

// add: y = x₀ + x₁ + …, all of one shape; each input's gradient is dy.

export const add: LayerDef<Record<string, never>> = {
  type: 'add',
  group: 'Merge',
  title: 'Add',
  description: 'Sums two or more tensors of the same shape (residual connections).',
  arity: 'many',
  params: settings({}),
  required: [],
  keepsChannels: false,
  keepsClasses: false,
  outputShape(_c, inputs) {
    requireInputs('add', inputs);
    const first = inputs[0].shape;
    const same = inputs.every(
      (i) => i.shape.length === first.length && i.shape.every((d, k) => d === first[k]),
    );
    if (!same) throw new ShapeError(`add needs inputs of one shape, but ${listShapes(inputs)}`);
    return first;
  },
  receptiveField: (_c, fields) => mergeReceptiveFields(fields),
  create(_c, inputs) {
    const size = sizeOf(inputs[0]);
    return {
      forward({ batch, inputs: xs, output: y }) {
        const n = batch * size;
        for (let i = 0; i < n; i++) y[i] = xs[0][i];
        for (let k = 1; k < xs.length; k++) for (let i = 0; i < n; i++) y[i] += xs[k][i];
      },
      backward({ batch, dOutput: dy, dInputs }) {
        const n = batch * size;
        for (const dx of dInputs) if (dx) for (let i = 0; i < n; i++) dx[i] += dy[i];
      },
    };
  },
};
