import type { ModelDocument, NodeDoc } from '../src/engine/index';

// The editor's large graphs, for the bench's annotation timings and the canvas's frame test:
// 100 nodes (a lineage template's size) and 300 (the largest the editor is asked to annotate
// within 5 ms and to pan smoothly). Blocks of conv → batchnorm → add (a residual sum with the
// block's input), so the graph has joins.

/** The sizes the bench annotates, in nodes. */
export const EDITOR_GRAPH_SIZES = [100, 300] as const;

/** About `size` nodes: a stem, residual blocks, and a classifier head. */
export function residualGraph(size: number): ModelDocument {
  const nodes: NodeDoc[] = [
    { id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } },
    { id: 'stem', type: 'conv2d', params: { filters: 8, kernelSize: 3, padding: 'same' } },
    { id: 'pool', type: 'maxpool2d', params: { poolSize: 2 } },
  ];
  const edges = [
    { from: 'in', to: 'stem' },
    { from: 'stem', to: 'pool' },
  ];
  let last = 'pool';
  for (let b = 0; nodes.length < size - 4; b++) {
    const conv = `c${b}`;
    const norm = `n${b}`;
    const sum = `a${b}`;
    nodes.push(
      {
        id: conv,
        type: 'conv2d',
        params: { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
      },
      { id: norm, type: 'batchnorm' },
      { id: sum, type: 'add' },
    );
    edges.push({ from: last, to: conv }, { from: conv, to: norm }, { from: norm, to: sum });
    edges.push({ from: last, to: sum });
    last = sum;
  }
  nodes.push(
    { id: 'gap', type: 'globalavgpool' },
    { id: 'fc', type: 'dense', params: { units: 32, activation: 'relu' } },
    { id: 'drop', type: 'dropout', params: { rate: 0.2 } },
    { id: 'out', type: 'dense', params: { units: 10 } },
  );
  edges.push(
    { from: last, to: 'gap' },
    { from: 'gap', to: 'fc' },
    { from: 'fc', to: 'drop' },
    { from: 'drop', to: 'out' },
  );
  return { format: 'cnn-studio/model', version: 1, name: `${nodes.length} nodes`, nodes, edges };
}
