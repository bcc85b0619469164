import {
  inspectModel,
  parseModel,
  summarize,
  type ModelDocument,
  type NodeDoc,
} from '../src/engine/index';
import { rate } from './timing';

// The editor's case: a 100-node graph, re-parsed and re-summarised on every edit. Blocks of
// conv → batchnorm → add (a residual sum with the block's input), so the graph has joins.

export function hundredNodes(): ModelDocument {
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
  for (let b = 0; nodes.length < 96; b++) {
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
  return { format: 'cnn-studio/model', version: 1, name: '100 nodes', nodes, edges };
}

/**
 * Median milliseconds of summarize alone, of parseModel + summarize, and of inspectModel (what the
 * editor runs on every change: the same checks and numbers, per node, for half-built graphs too).
 */
export function summarizeCase() {
  const doc = hundredNodes();
  const spec = parseModel(doc);
  const problem = summarize(spec).find((layer) => layer.error);
  if (problem) throw new Error(`the 100-node graph is wrong: ${problem.id}: ${problem.error}`);
  const options = { warmupSeconds: 0.5, repeatSeconds: 0.3, repeats: 7 };
  const summarizeMs = 1000 / rate(() => summarize(spec), 1, options).median;
  const withParseMs = 1000 / rate(() => summarize(parseModel(doc)), 1, options).median;
  const inspectMs = 1000 / rate(() => inspectModel(doc), 1, options).median;
  return { nodes: doc.nodes.length, summarizeMs, withParseMs, inspectMs };
}
