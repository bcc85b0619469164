import { describe, expect, it } from 'vitest';
import { createNetwork, ModelError, parseModel } from '../../src/engine/index';
import { Random } from '../../src/engine/random';
import { ABSOLUTE, RELATIVE, STEP } from './gradcheck';
import { chain, lenet5, residual } from './models';

function randomInput(n: number, seed: number): Float32Array {
  const r = new Random(seed);
  return Float32Array.from({ length: n }, () => r.float() * 2 - 1);
}

/** computeGradients against central differences of its own loss, for every parameter. */
function networkMismatches(doc: object, batch: number, labels: number[]): string[] {
  const net = createNetwork(parseModel(doc), { seed: 5 });
  const x = randomInput(batch * net.inputSize, 9);
  const { grads } = net.computeGradients(x, labels, batch);
  const bad: string[] = [];
  for (const slot of net.slots.filter((s) => s.trainable)) {
    const values = net.tensor(slot.nodeId, slot.name);
    const analytic = grads[slot.nodeId][slot.name];
    for (let i = 0; i < values.length; i++) {
      const keep = values[i];
      values[i] = keep + STEP;
      const up = net.computeGradients(x, labels, batch).loss;
      values[i] = keep - STEP;
      const down = net.computeGradients(x, labels, batch).loss;
      values[i] = keep;
      const numeric = (up - down) / (2 * STEP);
      const err = Math.abs(numeric - analytic[i]);
      if (
        err > ABSOLUTE / 10 &&
        err / Math.max(Math.abs(numeric), Math.abs(analytic[i])) > RELATIVE
      ) {
        bad.push(`${slot.nodeId}.${slot.name}[${i}]: ${analytic[i]} vs ${numeric}`);
      }
    }
  }
  return bad;
}

describe('network gradients equal the numerical gradient of the loss', () => {
  it('residual net: add, concat of three, a node feeding three others, batchnorm, softmax output', () => {
    expect(networkMismatches(residual(), 3, [0, 3, 1])).toEqual([]);
  });

  it('cross-entropy on logits through a conv/pool/dense chain', () => {
    const doc = chain(
      [1, 6, 6],
      [
        { type: 'conv2d', params: { filters: 2, kernelSize: 3, activation: 'sigmoid' } },
        { type: 'avgpool2d', params: { poolSize: 2 } },
        { type: 'flatten' },
        { type: 'dense', params: { units: 3 } },
      ],
    );
    expect(networkMismatches(doc, 2, [2, 0])).toEqual([]);
  });

  it('negative log-likelihood through a softmax node', () => {
    const doc = chain(
      [1, 4, 4],
      [
        { type: 'flatten' },
        { type: 'dense', params: { units: 3, activation: 'tanh' } },
        { type: 'softmax' },
      ],
    );
    expect(networkMismatches(doc, 2, [1, 2])).toEqual([]);
  });
});

describe('loss', () => {
  it('is ln(classes) for all-zero scores, and the softmax output gives the same loss as logits', () => {
    const logits = chain([1, 2, 2], [{ type: 'flatten' }, { type: 'dense', params: { units: 5 } }]);
    const probs = chain(
      [1, 2, 2],
      [{ type: 'flatten' }, { type: 'dense', params: { units: 5, activation: 'softmax' } }],
    );
    const zero = { weights: { l2: { weight: { shape: [5, 4], data: new Array(20).fill(0) } } } };
    const x = randomInput(8, 1);
    expect(
      createNetwork(parseModel({ ...logits, ...zero })).computeGradients(x, [0, 4], 2).loss,
    ).toBeCloseTo(Math.log(5), 6);
    const a = createNetwork(parseModel(logits), { seed: 2 }).computeGradients(x, [0, 4], 2);
    const b = createNetwork(parseModel(probs), { seed: 2 }).computeGradients(x, [0, 4], 2);
    expect(b.loss).toBeCloseTo(a.loss, 6);
    expect(Array.from(b.grads.l2.weight)).toEqual(Array.from(a.grads.l2.weight));
  });

  it('stays finite when a probability underflows', () => {
    const doc = chain(
      [1, 1, 2],
      [{ type: 'flatten' }, { type: 'dense', params: { units: 2, activation: 'softmax' } }],
      {
        weights: {
          l2: {
            weight: { shape: [2, 2], data: [500, 0, -500, 0] },
            bias: { shape: [2], data: [0, 0] },
          },
        },
      },
    );
    const { loss } = createNetwork(parseModel(doc)).computeGradients(
      Float32Array.from([1, 0]),
      [1],
      1,
    );
    expect(loss).toBeCloseTo(1000, 3);
  });

  it('refuses labels outside the classes with a clear message', () => {
    const net = createNetwork(parseModel(lenet5()));
    expect(() => net.computeGradients(new Float32Array(784), [10], 1)).toThrow(
      /labels\[0\] must be a class index from 0 to 9/,
    );
    expect(() => net.predict(new Float32Array(700), 1)).toThrow(/needs 784/);
  });
});

describe('model documents round-trip', () => {
  for (const [name, doc] of [
    ['LeNet-5', lenet5()],
    ['residual', residual()],
  ] as const) {
    it(`${name}: toJSON → parseModel → createNetwork predicts bit-identically`, () => {
      const net = createNetwork(parseModel(doc), { seed: 11 });
      const x = randomInput(3 * net.inputSize, 4);
      net.computeGradients(x, [1, 2, 3], 3); // moves batchnorm's running statistics off their defaults
      const again = createNetwork(parseModel(JSON.parse(JSON.stringify(net.toJSON()))), {
        seed: 999,
      });
      expect(again.predict(x, 3)).toEqual(net.predict(x, 3));
      expect(again.state).toEqual(net.state);
    });
  }

  it('keeps unknown keys of training and meta, positions and labels', () => {
    const doc = { ...lenet5(), training: { seed: 3, future: { a: 1 } }, meta: { author: 'x' } };
    doc.nodes[1] = { ...doc.nodes[1], position: { x: 10, y: 20 }, label: 'first conv' };
    const out = createNetwork(parseModel(doc)).toJSON();
    expect(out.training).toEqual({ seed: 3, future: { a: 1 } });
    expect(out.meta).toEqual({ author: 'x' });
    expect(out.nodes[1]).toMatchObject({ position: { x: 10, y: 20 }, label: 'first conv' });
  });
});

describe('initialisation', () => {
  it('same seed, same weights; a missing tensor does not depend on the others', () => {
    const a = createNetwork(parseModel(lenet5()), { seed: 1 });
    const b = createNetwork(parseModel(lenet5()), { seed: 1 });
    const c = createNetwork(parseModel(lenet5()), { seed: 2 });
    expect(a.parameters).toEqual(b.parameters);
    expect(a.parameters).not.toEqual(c.parameters);
    const partial = {
      ...lenet5(),
      weights: { c1: { weight: { shape: [6, 1, 5, 5], data: new Array(150).fill(0.5) } } },
    };
    const d = createNetwork(parseModel(partial), { seed: 1 });
    expect(Array.from(d.tensor('c1', 'weight'))).toEqual(new Array(150).fill(0.5));
    expect(d.tensor('c2', 'weight')).toEqual(a.tensor('c2', 'weight'));
  });

  it('He normal: weights have mean ≈ 0 and std ≈ √(2 / fan-in); biases are zero', () => {
    const net = createNetwork(parseModel(lenet5()), { seed: 1 });
    const w = net.tensor('f1', 'weight');
    const mean = w.reduce((a, x) => a + x, 0) / w.length;
    const std = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(std / Math.sqrt(2 / 400)).toBeCloseTo(1, 1);
    expect(Array.from(net.tensor('f1', 'bias')).every((x) => x === 0)).toBe(true);
  });

  it('createNetwork refuses a model with a shape error, naming node and setting', () => {
    const doc = chain(
      [1, 5, 5],
      [{ id: 'c2', type: 'conv2d', params: { filters: 2, kernelSize: 7 } }],
    );
    expect(() => createNetwork(parseModel(doc))).toThrow(ModelError);
    expect(() => createNetwork(parseModel(doc))).toThrow(
      'node "c2" (conv2d): kernelSize 7 is larger than its input 5×5 (padding 0)',
    );
  });

  it('timeSteps profiles a training step layer by layer, fused activations apart, leaving the weights', () => {
    const net = createNetwork(parseModel(lenet5()), { seed: 1 });
    const weights = net.parameters.slice();
    const x = randomInput(4 * net.inputSize, 3);
    const times = net.timeSteps(x, [1, 2, 3, 4], 4, 2);
    expect(times.map((t) => `${t.nodeId}:${t.kind}`)).toEqual([
      'c1:conv2d',
      'c1:relu',
      'p1:maxpool2d',
      'c2:conv2d',
      'c2:relu',
      'p2:maxpool2d',
      'fl:flatten',
      'f1:dense',
      'f1:relu',
      'f2:dense',
      'f2:relu',
      'out:dense',
    ]);
    for (const t of times) {
      expect(t.forward).toBeGreaterThanOrEqual(0);
      expect(t.backward).toBeGreaterThanOrEqual(0);
    }
    expect(times[0].forward + times[0].backward).toBeGreaterThan(0);
    expect(net.parameters).toEqual(weights);
    expect(() => net.timeSteps(x, [1, 2, 3, 4], 4, 0)).toThrow(
      'repeats must be a whole number ≥ 1, got 0',
    );
  });
});
