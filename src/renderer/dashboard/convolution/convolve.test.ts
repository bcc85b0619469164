import { describe, expect, it } from 'vitest';
import { createNetwork, parseModel } from '../../../engine';
import { readModel } from '../../document/open';
import { lenet5Template } from '../../templates/templates';
import { cell, featureMap, setupFor } from './convolve';

describe('the convolution explainer', () => {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  // Weights as a trained document carries them, with a bias that is not zero.
  const network = createNetwork(parseModel(opened.document), { seed: 7 });
  network.tensor('c1', 'bias').set([0.1, -0.2, 0.3, -0.05, 0.02, 0.5]);
  const spec = parseModel(network.toJSON());
  const input = Float32Array.from({ length: 28 * 28 }, (_, i) => Math.sin(i * 0.37) * 2);

  it("computes the same map as the engine's conv layer, filter by filter", () => {
    network.predict(input, 1);
    const engine = network.activation('c1', 1);
    for (let filter = 0; filter < 6; filter++) {
      const setup = setupFor(spec, 'c1', filter, { shape: [1, 28, 28], data: input })!;
      expect(setup).toMatchObject({ outH: 28, outW: 28, padding: [2, 2], activation: 'relu' });
      const ours = featureMap(setup);
      const theirs = engine.subarray(filter * 784, (filter + 1) * 784);
      for (let i = 0; i < 784; i++) expect(ours[i]).toBeCloseTo(theirs[i], 4);
    }
  });

  it('writes a cell out as its products, padding counting as zero', () => {
    const setup = setupFor(spec, 'c1', 2, { shape: [1, 28, 28], data: input })!;
    const corner = cell(setup, 0, 0);
    expect(corner.terms).toHaveLength(25);
    const padded = corner.terms.filter((t) => t.y < 0 || t.x < 0);
    expect(padded).toHaveLength(16);
    expect(padded.every((t) => t.input === 0)).toBe(true);
    const sum = corner.terms.reduce((s, t) => s + t.input * t.weight, 0);
    expect(corner.sum).toBeCloseTo(sum, 6);
    expect(corner.preActivation).toBeCloseTo(sum + 0.3, 6);
    expect(corner.value).toBe(Math.max(0, corner.preActivation));
    expect(featureMap(setup)[0]).toBeCloseTo(corner.value, 6);
  });
});
