import type * as v from 'valibot';
import { formatShape } from '../model/format';
import { ShapeError, type LayerDef, type WeightSpec } from './layer';
import { ACTIVATIONS, activation, settings, useBias, wholeNumber } from './params';
import { wholeInputReceptiveField } from './window';
import { quote } from '../quote';

// dense: y[N, U] = x[N, F] · weightᵀ (weight[U, F]) + bias[U].

const params = settings({
  units: wholeNumber(1, 1_000_000),
  useBias,
  activation: activation(ACTIVATIONS),
});

export type DenseConfig = v.InferOutput<typeof params>;

export const dense: LayerDef<DenseConfig> = {
  type: 'dense',
  group: 'Dense',
  title: 'Dense',
  description: 'Every output unit weighs every input feature (fully connected).',
  arity: 'one',
  params,
  required: ['units'],
  keepsChannels: false,
  keepsClasses: false,
  outputShape(c, [input]) {
    if (input.shape.length !== 1) {
      throw new ShapeError(
        `dense needs a flat input but ${quote(input.id)} gives an image ${formatShape(input.shape)}; insert a Flatten (or GlobalAvgPool) before it`,
      );
    }
    return [c.units];
  },
  weights(c, [input]) {
    const fanIn = input[0];
    const specs: WeightSpec[] = [
      { name: 'weight', shape: [c.units, fanIn], trainable: true, init: 'he', fanIn },
    ];
    if (c.useBias)
      specs.push({ name: 'bias', shape: [c.units], trainable: true, init: 'zeros', fanIn });
    return specs;
  },
  macs: (c, [input]) => c.units * input[0],
  receptiveField: (_c, [rf], { network }) => wholeInputReceptiveField(rf, network),
  caption: (c) => `${c.units} units${c.activation === 'none' ? '' : ` · ${c.activation}`}`,
  create(c, [input], _output, { kernels }) {
    const units = c.units;
    const features = input[0];
    return {
      forward({ batch, inputs: [x], output: y, weights }) {
        kernels.gemmNT(batch, units, features, x, 0, weights.weight, 0, y, 0, false);
        const b = weights.bias;
        if (b)
          for (let n = 0; n < batch; n++) for (let u = 0; u < units; u++) y[n * units + u] += b[u];
      },
      backward({ batch, inputs: [x], dOutput: dy, dInputs: [dx], weights, dWeights }) {
        // dweight[U, F] += dyᵀ[U, N] · x[N, F]
        kernels.gemmTN(units, features, batch, dy, 0, x, 0, dWeights.weight, 0, true);
        const db = dWeights.bias;
        if (db)
          for (let n = 0; n < batch; n++)
            for (let u = 0; u < units; u++) db[u] += dy[n * units + u];
        // dx[N, F] += dy[N, U] · weight[U, F]
        if (dx) kernels.gemmNN(batch, features, units, dy, 0, weights.weight, 0, dx, 0, true);
      },
    };
  },
};
