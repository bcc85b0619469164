// inspectModel is parseModel + summarize for documents the editor holds while they are being built:
// it must agree with them on whole documents and keep going, per node, on half-built ones.
import { describe, expect, it } from 'vitest';
import {
  inspectModel,
  parseModel,
  summarize,
  type EdgeDoc,
  type ModelDocument,
  type NodeDoc,
} from '../../src/engine/index';

function doc(nodes: NodeDoc[], edges: EdgeDoc[], extra: Partial<ModelDocument> = {}) {
  return { format: 'cnn-studio/model', version: 1, nodes, edges, ...extra } as ModelDocument;
}

const input: NodeDoc = { id: 'img', type: 'input', params: { channels: 1, height: 8, width: 8 } };
const chain = (...ids: string[]): EdgeDoc[] => ids.slice(1).map((to, i) => ({ from: ids[i], to }));

const small = doc(
  [
    input,
    { id: 'c1', type: 'conv2d', params: { filters: 4, kernelSize: 3 } },
    { id: 'p1', type: 'maxpool2d' },
    { id: 'fl', type: 'flatten' },
    { id: 'out', type: 'dense', params: { units: 3 } },
  ],
  chain('img', 'c1', 'p1', 'fl', 'out'),
);

const messages = (problems: { message: string }[]) => problems.map((p) => p.message);

describe('inspectModel', () => {
  it('agrees with parseModel and summarize on a valid document', () => {
    const inspection = inspectModel(small);
    expect(inspection.valid).toBe(true);
    expect(inspection.problems).toEqual([]);
    expect(inspection.order).toEqual(['img', 'c1', 'p1', 'fl', 'out']);
    const summaries = inspection.order.map((id) => inspection.nodes.get(id)!.summary);
    const expected = summarize(parseModel(small)).map((s) => ({
      ...s,
      receptiveField: s.receptiveField,
    }));
    expect(summaries).toEqual(expected);
    const conv = inspection.nodes.get('c1')!;
    expect(conv.config).toMatchObject({ filters: 4, kernelSize: [3, 3], stride: [1, 1] });
    expect(conv.inputShapes).toEqual([[1, 8, 8]]);
    expect(conv.weights.map((w) => [w.name, w.shape])).toEqual([
      ['weight', [4, 1, 3, 3]],
      ['bias', [4]],
    ]);
  });

  it('gives each node of a half-built graph its own problems and keeps the shapes it can', () => {
    const inspection = inspectModel(
      doc(
        [
          input,
          { id: 'c1', type: 'conv2d', params: { filters: 4, kernelSize: 3 } },
          { id: 'loose', type: 'relu' },
        ],
        chain('img', 'c1'),
      ),
    );
    expect(inspection.valid).toBe(false);
    expect(inspection.nodes.get('c1')!.summary!.outputShape).toEqual([4, 6, 6]);
    expect(inspection.nodes.get('c1')!.problems).toEqual([]);
    const loose = inspection.nodes.get('loose')!;
    expect(loose.summary!.outputShape).toBeNull();
    expect(messages(loose.problems)).toEqual([
      'node "loose" (relu): has no input; connect one node to it',
      'node "loose" (relu): is not connected to the input "img"',
      'edges: the model has 2 outputs ("c1", "loose"); exactly one node may have no outgoing edge',
    ]);
    expect(inspection.problems).toEqual(loose.problems);
  });

  it('reports an invalid setting on its node, without a config, and no shapes after it', () => {
    const inspection = inspectModel(
      doc(
        [
          input,
          { id: 'c1', type: 'conv2d', params: { filters: -1, kernelSize: 3 } },
          { id: 'r', type: 'relu' },
        ],
        chain('img', 'c1', 'r'),
      ),
    );
    const conv = inspection.nodes.get('c1')!;
    expect(conv.config).toBeNull();
    expect(conv.problems).toEqual([
      {
        nodeId: 'c1',
        field: 'filters',
        message: 'node "c1" (conv2d): filters must be a whole number from 1 to 4096, got -1',
      },
    ]);
    expect(inspection.nodes.get('r')!.summary!.outputShape).toBeNull();
  });

  it('names the setting a shape error is about', () => {
    const inspection = inspectModel(
      doc(
        [input, { id: 'c1', type: 'conv2d', params: { filters: 2, kernelSize: 9 } }],
        chain('img', 'c1'),
      ),
    );
    expect(inspection.nodes.get('c1')!.problems).toEqual([
      {
        nodeId: 'c1',
        field: 'kernelSize',
        message: 'node "c1" (conv2d): kernelSize 9 is larger than its input 8×8 (padding 0)',
      },
    ]);
  });

  it('reports a dense layer on an image as a shape error that names Flatten', () => {
    const inspection = inspectModel(
      doc([input, { id: 'd', type: 'dense', params: { units: 2 } }], chain('img', 'd')),
    );
    const dense = inspection.nodes.get('d')!;
    expect(dense.summary!.error).toMatch(/insert a Flatten/);
    expect(dense.problems).toHaveLength(1);
    expect(dense.problems[0].field).toBeUndefined();
    expect(inspection.valid).toBe(false);
  });

  it('puts nodes on a cycle last, without a summary', () => {
    const inspection = inspectModel(
      doc(
        [input, { id: 'a', type: 'relu' }, { id: 'b', type: 'add' }, { id: 'c', type: 'relu' }],
        [...chain('img', 'b', 'a', 'c'), { from: 'c', to: 'b' }],
      ),
    );
    expect(inspection.order).toEqual(['img', 'a', 'b', 'c']);
    expect(inspection.order.slice(1).map((id) => inspection.nodes.get(id)!.summary)).toEqual([
      null,
      null,
      null,
    ]);
    expect(messages(inspection.problems)).toContain(
      'edges: form a cycle through "a", "b", "c"; a model must be acyclic',
    );
  });

  it('reports weights that no longer fit their layer on the node', () => {
    const inspection = inspectModel({
      ...small,
      weights: { c1: { bias: { shape: [5], data: [0, 0, 0, 0, 0] } } },
    });
    expect(messages(inspection.nodes.get('c1')!.problems)).toEqual([
      'weights of node "c1" (conv2d): bias has shape [5] but the layer needs [4]',
    ]);
  });

  it('returns the document problems alone when the structure is wrong', () => {
    const inspection = inspectModel({ ...small, version: 2 });
    expect(inspection.valid).toBe(false);
    expect(inspection.nodes.size).toBe(0);
    expect(messages(inspection.problems)).toEqual(['version must be 1, got 2']);
  });

  it('is valid exactly when parseModel accepts and no node has a shape error', () => {
    const cases: unknown[] = [
      small,
      { ...small, classes: ['a', 'b'] },
      { ...small, edges: small.edges.slice(1) },
      { ...small, nodes: [...small.nodes, { id: 'x', type: 'nope' }] },
    ];
    for (const json of cases) {
      let accepted: boolean;
      try {
        accepted = summarize(parseModel(json)).every((s) => s.error === null);
      } catch {
        accepted = false;
      }
      expect(inspectModel(json).valid).toBe(accepted);
    }
  });
});
