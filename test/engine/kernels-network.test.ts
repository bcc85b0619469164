// Whole networks on the WebAssembly kernels, both builds: the PyTorch fixtures with the parity
// suite's tolerance, the same gradients as the reference kernels on the test models, and training
// that is deterministic (same seed → bit-identical weights, on one thread or two).
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  parseModel,
  sgd,
  type ModelDocument,
  type Network,
} from '../../src/engine/index';
import type { Kernels } from '../../src/engine/kernels';
import { Random } from '../../src/engine/random';
import { FLAVORS, kernelsOf } from './kernels-flavors';
import { chain, lenet5, residual } from './models';

interface Fixture {
  model: unknown;
  batch: number;
  input: number[];
  labels: number[];
  expected: {
    predict: number[];
    loss: number | null;
    grads: Record<string, Record<string, number[]>> | null;
  };
}

const dir = new URL('../fixtures/pytorch/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    name: file.slice(0, -'.json'.length),
    fixture: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture,
  }));

/** The largest excess over a tolerance of abs + rel·|expected|; ≤ 0 when all are within. */
function excess(ours: ArrayLike<number>, expected: ArrayLike<number>, abs: number, rel: number) {
  expect(ours.length).toBe(expected.length);
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const over = Math.abs(ours[i] - expected[i]) - (abs + rel * Math.abs(expected[i]));
    worst = Math.max(worst, Number.isNaN(over) ? Infinity : over);
  }
  return worst;
}

function inputsFor(net: Network, batch: number, seed: number) {
  const random = new Random(seed);
  const x = new Float32Array(batch * net.inputSize).map(() => random.float() * 2 - 1);
  const labels = Array.from({ length: batch }, () => random.int(net.outputSize));
  return { x, labels };
}

const models: [string, ModelDocument][] = [
  ['lenet5', lenet5()],
  ['residual', residual()],
  [
    'strided, dilated, padded convolutions with avgpool and leaky ReLU',
    chain(
      [3, 13, 11],
      [
        { type: 'conv2d', params: { filters: 5, kernelSize: [3, 2], stride: 2, padding: 1 } },
        { type: 'leakyrelu', params: { alpha: 0.1 } },
        { type: 'conv2d', params: { filters: 7, kernelSize: 3, dilation: 2, padding: 'same' } },
        { type: 'avgpool2d', params: { poolSize: 2, padding: 1 } },
        { type: 'flatten' },
        { type: 'dense', params: { units: 9, activation: 'tanh' } },
        { type: 'dense', params: { units: 3 } },
      ],
    ),
  ],
];

describe.each(FLAVORS)('networks on the %s kernels', (flavor) => {
  let fresh: () => Promise<Kernels>;
  beforeAll(async () => {
    fresh = await kernelsOf(flavor);
  });

  describe('PyTorch parity, as test/engine/pytorch-parity.test.ts', () => {
    it.each(fixtures)('$name', async ({ fixture }) => {
      const { batch, expected } = fixture;
      const input = Float32Array.from(fixture.input);
      const net = createNetwork(parseModel(fixture.model), { kernels: await fresh() });
      // The parity suite's tolerance: float32 sums in another order than torch's.
      expect(excess(net.predict(input, batch), expected.predict, 1e-5, 1e-4)).toBeLessThanOrEqual(
        0,
      );
      const { loss, grads } = net.computeGradients(input, fixture.labels, batch);
      if (expected.loss !== null)
        expect(excess([loss], [expected.loss], 1e-5, 1e-4)).toBeLessThanOrEqual(0);
      for (const [id, tensors] of Object.entries(expected.grads ?? {})) {
        for (const [weight, torch] of Object.entries(tensors)) {
          expect(
            excess(grads[id][weight], torch, 1e-5, 1e-4),
            `${id}.${weight}`,
          ).toBeLessThanOrEqual(0);
        }
      }
    });
  });

  it.each(models)('%s: outputs and gradients as the reference kernels give', async (_, doc) => {
    const spec = parseModel(doc);
    const fast = createNetwork(spec, { seed: 3, kernels: await fresh() });
    const ref = createNetwork(spec, { seed: 3, kernels: 'reference' });
    const { x, labels } = inputsFor(ref, 5, 1);
    expect(excess(fast.predict(x, 5), ref.predict(x, 5), 1e-6, 1e-5)).toBeLessThanOrEqual(0);
    const a = fast.computeGradients(x, labels, 5);
    const b = ref.computeGradients(x, labels, 5);
    expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(b.loss));
    for (const [id, tensors] of Object.entries(b.grads)) {
      for (const [weight, g] of Object.entries(tensors)) {
        let scale = 0;
        for (const v of g) scale = Math.max(scale, Math.abs(v));
        expect(
          excess(a.grads[id][weight], g, 1e-5 * scale, 0),
          `${id}.${weight}`,
        ).toBeLessThanOrEqual(0);
      }
    }
  });

  it('LeNet-5, 5 SGD-momentum steps from seed 7: twice, and on two threads, bit-identical', async () => {
    const run = async (kernels: Kernels) => {
      const net = createNetwork(parseModel(lenet5()), { seed: 7, kernels });
      // The update runs on the same kernels (and threads) as the network.
      const optimizer = sgd(net.parameters.length, { learningRate: 0.05, momentum: 0.9 }, kernels);
      for (let step = 0; step < 5; step++) {
        const { x, labels } = inputsFor(net, 32, 100 + step);
        net.zeroGradients();
        net.forward(x, 32, true);
        net.backward(labels, 32);
        optimizer.update(net.parameters, net.gradients);
      }
      return net.parameters.slice();
    };
    const initial = createNetwork(parseModel(lenet5()), { seed: 7 }).parameters;
    const first = await run(await fresh());
    expect(first).not.toEqual(initial);
    expect(await run(await fresh())).toEqual(first);
    expect(await run(await (await kernelsOf(flavor, 2))())).toEqual(first);
  });
});
