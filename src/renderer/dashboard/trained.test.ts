import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../engine';
import { modelKey, normalizationKind, withoutWeights, withTrainedWeights } from './trained';

const tensor = { shape: [1], data: [0.5] };

function doc(extra: Partial<ModelDocument> = {}): ModelDocument {
  return {
    format: 'cnn-studio/model',
    version: 1,
    name: 'm',
    nodes: [
      {
        id: 'in',
        type: 'input',
        params: { channels: 1, height: 4, width: 4 },
        position: { x: 0, y: 0 },
      },
      { id: 'fl', type: 'flatten', position: { x: 200, y: 0 } },
      { id: 'out', type: 'dense', params: { units: 2 }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { from: 'in', to: 'fl' },
      { from: 'fl', to: 'out' },
    ],
    ...extra,
  };
}

describe('trained weights and the editor document', () => {
  it("takes the run's weights and training record, keeping the editor's layout", () => {
    const current = doc();
    const trained = {
      ...doc({ weights: { out: { weight: tensor }, gone: { weight: tensor } } }),
      nodes: doc().nodes.map((n) => ({ ...n, position: undefined })),
      training: { dataset: 'shapes', result: { epochs: 1 } },
    };
    const next = withTrainedWeights(current, trained);
    expect(next.weights).toEqual({ out: { weight: tensor } });
    expect(next.training).toEqual(trained.training);
    expect(next.nodes).toBe(current.nodes);
  });

  it('tells models apart by what the network computes, not by where the cards sit', () => {
    const a = doc();
    const moved = { ...a, nodes: a.nodes.map((n) => ({ ...n, position: { x: 1, y: 1 } })) };
    expect(modelKey(moved)).toBe(modelKey(a));
    const wider = {
      ...a,
      nodes: a.nodes.map((n) => (n.id === 'out' ? { ...n, params: { units: 3 } } : n)),
    };
    expect(modelKey(wider)).not.toBe(modelKey(a));
    expect(modelKey(doc({ weights: { out: { weight: tensor } } }))).not.toBe(modelKey(a));
    expect(modelKey(withoutWeights(doc({ weights: { out: { weight: tensor } } })))).toBe(
      modelKey(a),
    );
  });

  it('reads the normalisation kind a document was trained with', () => {
    expect(normalizationKind(doc())).toBe('standardize');
    expect(normalizationKind(doc({ training: { normalization: 'scale' } }))).toBe('scale');
    expect(
      normalizationKind(doc({ training: { normalization: { kind: 'scale', mean: 0, std: 1 } } })),
    ).toBe('scale');
  });
});
