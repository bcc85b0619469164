// Model JSON: with weights it reopens into a bit-identical network; without, into the same summary.
import { describe, expect, it } from 'vitest';
import { createNetwork, ModelError, parseModel, summarize } from '../../src/engine/index';
import { exportModelJson, importModelJson } from '../../src/engine/export/index';
import { exportedModels, randomInput, randomNetwork, templates } from './models';

const training = {
  dataset: 'mnist',
  batchSize: 32,
  epochs: 2,
  seed: 5,
  optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
  normalization: { kind: 'standardize', mean: 0.1307, std: 0.3081 },
};

describe('model JSON export', () => {
  for (const { name, doc } of exportedModels()) {
    it(`${name}: with weights, predictions are bit-identical after import`, () => {
      const network = randomNetwork({ ...doc, training });
      const text = JSON.stringify(exportModelJson(network, { weights: true }));
      const reopened = createNetwork(importModelJson(text));
      const x = randomInput(network, 2);
      expect(reopened.predict(x, 2)).toEqual(network.predict(x, 2));
      expect(reopened.state).toEqual(network.state);
    });

    it(`${name}: without weights, the summary is the same after import`, () => {
      const spec = parseModel({ ...doc, training });
      const exported = exportModelJson(spec, { weights: false });
      expect(exported).not.toHaveProperty('weights');
      const reopened = importModelJson(JSON.stringify(exported));
      expect(summarize(reopened)).toEqual(summarize(spec));
      expect(reopened.training).toEqual(training);
      expect(reopened.classes).toEqual(spec.classes);
    });
  }

  it('import reports text that is not JSON as a ModelError', () => {
    expect(() => importModelJson('{"format": ')).toThrow(ModelError);
    expect(() => importModelJson('{"format": ')).toThrow(/not valid JSON/);
  });

  it('import reports every problem of a bad document, naming the node', () => {
    const doc = templates()[1].doc;
    const bad = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === 'c2' ? { ...n, params: { filters: 0, kernelSize: 5 } } : n,
      ),
    };
    expect(() => importModelJson(JSON.stringify(bad))).toThrow(/node "c2" \(conv2d\): filters/);
  });
});
