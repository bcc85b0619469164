import { ShapeError, type BackwardPass, type LayerDef, type LayerRun, type Pass } from './layer';
import { sizeOf } from '../model/format';
import { listShapes, mergeReceptiveFields, requireInputs } from './merge';
import { settings } from './params';

// multiply: y = x₀ · x₁ · …, in edge order, either element by element (inputs of one shape) or
// one image x[N, C, H, W] with vectors v[N, C], each scaling the image's channel c by its value c
// (squeeze-and-excitation). Each input's gradient is dy times the product of the others, summed
// over the positions a vector was broadcast to.

/** How the inputs combine: all of one shape, or the image at `image` scaled by the rest; null: neither. */
type Plan = { kind: 'elementwise' } | { kind: 'channels'; image: number } | null;

function planOf(shapes: number[][]): Plan {
  const first = shapes[0];
  const same = shapes.every((s) => s.length === first.length && s.every((d, k) => d === first[k]));
  if (same) return { kind: 'elementwise' };
  const images = shapes.flatMap((s, i) => (s.length === 3 ? [i] : []));
  if (images.length !== 1) return null;
  const channels = shapes[images[0]][0];
  const scales = shapes.every((s, i) => i === images[0] || (s.length === 1 && s[0] === channels));
  return scales ? { kind: 'channels', image: images[0] } : null;
}

export const multiply: LayerDef<Record<string, never>> = {
  type: 'multiply',
  group: 'Merge',
  title: 'Multiply',
  description:
    'Multiplies tensors of one shape, or scales an image’s channels by vectors (squeeze-and-excitation).',
  arity: 'many',
  params: settings({}),
  required: [],
  keepsChannels: false,
  keepsClasses: false,
  outputShape(_c, inputs) {
    requireInputs('multiply', inputs);
    const shapes = inputs.map((i) => i.shape);
    const plan = planOf(shapes);
    if (plan) return shapes[plan.kind === 'channels' ? plan.image : 0];
    throw new ShapeError(
      `multiply needs inputs of one shape, or one image [C, H, W] and vectors [C], but ${listShapes(inputs)}`,
    );
  },
  receptiveField: (_c, fields) => mergeReceptiveFields(fields),
  create(_c, inputs) {
    const plan = planOf(inputs)!;
    return plan.kind === 'elementwise'
      ? elementwiseRun(sizeOf(inputs[0]))
      : channelRun(inputs[plan.image], plan.image, inputs.length);
  },
};

function elementwiseRun(size: number): LayerRun {
  return {
    forward({ batch, inputs: xs, output: y }: Pass) {
      const n = batch * size;
      for (let i = 0; i < n; i++) y[i] = xs[0][i];
      for (let k = 1; k < xs.length; k++) for (let i = 0; i < n; i++) y[i] *= xs[k][i];
    },
    backward({ batch, inputs: xs, dOutput: dy, dInputs }: BackwardPass) {
      const n = batch * size;
      dInputs.forEach((dx, k) => {
        if (!dx) return;
        for (let i = 0; i < n; i++) {
          let g = dy[i];
          for (let j = 0; j < xs.length; j++) if (j !== k) g *= xs[j][i];
          dx[i] += g;
        }
      });
    },
  };
}

/** The image x[N, C, S] at input `image`, every other input a vector v[N, C]. */
function channelRun(shape: number[], image: number, count: number): LayerRun {
  const channels = shape[0];
  const spatial = shape[1] * shape[2];
  const sample = channels * spatial;
  return {
    forward({ batch, inputs: xs, output: y }: Pass) {
      const x = xs[image];
      for (let n = 0; n < batch; n++) {
        for (let ch = 0; ch < channels; ch++) {
          const start = n * sample + ch * spatial;
          const v = n * channels + ch;
          // In edge order, rounding after each product as a chain of float32 multiplies does.
          for (let i = start; i < start + spatial; i++) {
            let p = image === 0 ? x[i] : xs[0][v];
            for (let k = 1; k < count; k++) p = Math.fround(p * (k === image ? x[i] : xs[k][v]));
            y[i] = p;
          }
        }
      }
    },
    backward({ batch, inputs: xs, dOutput: dy, dInputs }: BackwardPass) {
      const x = xs[image];
      for (let n = 0; n < batch; n++) {
        for (let ch = 0; ch < channels; ch++) {
          const start = n * sample + ch * spatial;
          const v = n * channels + ch;
          // The product of the scales other than vector k (or all of them, for the image).
          const scaleWithout = (k: number) => {
            let p = 1;
            for (let j = 0; j < count; j++) if (j !== image && j !== k) p *= xs[j][v];
            return p;
          };
          const dImage = dInputs[image];
          if (dImage) {
            const scale = scaleWithout(-1);
            for (let i = start; i < start + spatial; i++) dImage[i] += dy[i] * scale;
          }
          for (let k = 0; k < count; k++) {
            const dv = dInputs[k];
            if (k === image || !dv) continue;
            let sum = 0;
            for (let i = start; i < start + spatial; i++) sum += dy[i] * x[i];
            dv[v] += sum * scaleWithout(k);
          }
        }
      }
    },
  };
}
