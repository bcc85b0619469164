// The engine must compute what PyTorch computes. Each fixture in test/fixtures/pytorch holds a
// model document with every weight, an input batch and what torch 1.13 gave for it (regenerate
// with scripts/pytorch/make_fixtures.py): the inference-mode output, the batch-mean training loss
// and its gradients, and the batchnorm running statistics after that one training-mode forward.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { createNetwork, parseModel } from '../../src/engine/index';
import { tensorValues, type TensorJSON } from './documents';

interface Expected {
  predict: number[];
  /** null when torch's training-mode dropout masks cannot be reproduced. */
  loss: number | null;
  grads: Record<string, Record<string, number[]>> | null;
  runningStats: Record<string, { runningMean: number[]; runningVar: number[] }>;
}

interface Fixture {
  description: string;
  model: unknown;
  batch: number;
  input: number[];
  labels: number[];
  expected: Expected;
}

const dir = new URL('../fixtures/pytorch/', import.meta.url);
const cases = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    name: file.slice(0, -'.json'.length),
    fixture: JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture,
  }));

// Float32 sums in a different order than torch's differ by a few ulps, more after many layers.
const tolerance = (torch: number): number => 1e-5 + 1e-4 * Math.abs(torch);

/** The message for the element furthest outside the tolerance, or null when all are within it. */
function mismatch(what: string, ours: ArrayLike<number>, torch: ArrayLike<number>): string | null {
  if (ours.length !== torch.length) {
    return `${what}: ${ours.length} values, torch has ${torch.length}`;
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < torch.length; i++) {
    const excess = Math.abs(ours[i] - torch[i]) - tolerance(torch[i]);
    const bad = Number.isNaN(excess) ? Infinity : excess;
    if (bad > worstExcess) {
      worst = i;
      worstExcess = bad;
    }
  }
  if (worst < 0) return null;
  const [a, b] = [ours[worst], torch[worst]];
  return `${what}[${worst}]: ours ${a}, torch ${b} (|diff| ${Math.abs(a - b)} > ${tolerance(b)})`;
}

function expectClose(what: string, ours: ArrayLike<number>, torch: ArrayLike<number>): void {
  expect.soft(mismatch(what, ours, torch), what).toBeNull();
}

describe('PyTorch parity', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const { name, fixture } of cases) {
    it(name, () => {
      const { batch, expected } = fixture;
      const input = Float32Array.from(fixture.input);
      const network = createNetwork(parseModel(fixture.model));

      expectClose('predict', network.predict(input, batch), expected.predict);

      const { loss, grads } = network.computeGradients(input, fixture.labels, batch);
      if (expected.loss !== null) expectClose('loss', [loss], [expected.loss]);
      if (expected.grads !== null) {
        const names = (g: Record<string, Record<string, ArrayLike<number>>>): string[] =>
          Object.entries(g)
            .flatMap(([id, tensors]) => Object.keys(tensors).map((weight) => `${id}.${weight}`))
            .sort();
        expect.soft(names(grads), 'gradient tensors').toEqual(names(expected.grads));
        for (const [id, tensors] of Object.entries(expected.grads)) {
          for (const [weight, torch] of Object.entries(tensors)) {
            const ours = grads[id]?.[weight];
            if (ours) expectClose(`grads.${id}.${weight}`, ours, torch);
          }
        }
      }

      const saved = network.toJSON() as { weights: Record<string, Record<string, TensorJSON>> };
      for (const [id, stats] of Object.entries(expected.runningStats)) {
        for (const stat of ['runningMean', 'runningVar'] as const) {
          const tensor = saved.weights[id]?.[stat];
          expect.soft(tensor, `${id}.${stat} in toJSON()`).toBeDefined();
          if (tensor) expectClose(`${id}.${stat}`, tensorValues(tensor), stats[stat]);
        }
      }
    });
  }
});
