import type { ModelDocument, NodeDoc } from '../../src/engine/index';

/** A model document of layers in a chain, input first; ids default to l1, l2, … */
export function chain(
  input: [number, number, number],
  layers: (Omit<NodeDoc, 'id'> & { id?: string })[],
  extra: Partial<ModelDocument> = {},
): ModelDocument {
  const nodes: NodeDoc[] = [
    { id: 'in', type: 'input', params: { channels: input[0], height: input[1], width: input[2] } },
    ...layers.map((l, i) => ({ ...l, id: l.id ?? `l${i + 1}` })),
  ];
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id }));
  return { format: 'cnn-studio/model', version: 1, name: 'test', nodes, edges, ...extra };
}

/** LeNet-5 with ReLU and max pooling on 28×28, as in the contract's example. */
export function lenet5(): ModelDocument {
  return chain(
    [1, 28, 28],
    [
      {
        id: 'c1',
        type: 'conv2d',
        params: { filters: 6, kernelSize: 5, padding: 2, activation: 'relu' },
      },
      { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'c2', type: 'conv2d', params: { filters: 16, kernelSize: 5, activation: 'relu' } },
      { id: 'p2', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'fl', type: 'flatten' },
      { id: 'f1', type: 'dense', params: { units: 120, activation: 'relu' } },
      { id: 'f2', type: 'dense', params: { units: 84, activation: 'relu' } },
      { id: 'out', type: 'dense', params: { units: 10 } },
    ],
  );
}

/** A small convnet for the synthetic shapes, `size`×`size`, that learns them in a few epochs. */
export function shapesConvnet(size: number): ModelDocument {
  return chain(
    [1, size, size],
    [
      {
        id: 'c1',
        type: 'conv2d',
        params: { filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' },
      },
      { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'c2', type: 'conv2d', params: { filters: 8, kernelSize: 3, activation: 'relu' } },
      { id: 'gap', type: 'globalavgpool' },
      { id: 'out', type: 'dense', params: { units: 4 } },
    ],
  );
}

/** A small residual network: c1 feeds both the branch and the add, so gradients must accumulate. */
export function residual(): ModelDocument {
  return {
    format: 'cnn-studio/model',
    version: 1,
    nodes: [
      { id: 'in', type: 'input', params: { channels: 2, height: 6, width: 6 } },
      {
        id: 'c1',
        type: 'conv2d',
        params: { filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' },
      },
      { id: 'bn', type: 'batchnorm' },
      { id: 'c2', type: 'conv2d', params: { filters: 3, kernelSize: 3, padding: 'same' } },
      { id: 'sum', type: 'add' },
      { id: 'act', type: 'sigmoid' },
      { id: 'c3', type: 'conv2d', params: { filters: 2, kernelSize: 1 } },
      { id: 'cat', type: 'concat' },
      { id: 'gap', type: 'globalavgpool' },
      { id: 'out', type: 'dense', params: { units: 4, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'c1' },
      { from: 'c1', to: 'bn' },
      { from: 'bn', to: 'c2' },
      { from: 'c2', to: 'sum' },
      { from: 'c1', to: 'sum' },
      { from: 'sum', to: 'act' },
      { from: 'act', to: 'c3' },
      { from: 'act', to: 'cat' },
      { from: 'c3', to: 'cat' },
      { from: 'c1', to: 'cat' },
      { from: 'cat', to: 'gap' },
      { from: 'gap', to: 'out' },
    ],
  };
}
