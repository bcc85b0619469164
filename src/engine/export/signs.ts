import { fusedActivation, type ExportGraph } from './source';

// Which nodes can only output values ≥ 0, whatever the input. Zero padding before a max pool is
// exact exactly there: a padded 0 never beats the real values of its window.

const NON_NEGATIVE_ACTIVATIONS = new Set(['relu', 'relu6', 'sigmoid', 'softmax']);
/** Layers whose outputs are made of (averages, sums, products, copies of) their inputs' values. */
const SIGN_KEEPING = new Set([
  'maxpool2d',
  'avgpool2d',
  'globalavgpool',
  'flatten',
  'dropout',
  'add',
  'multiply',
  'concat',
]);

export function nonNegativeNodes(graph: ExportGraph): Set<string> {
  const out = new Set<string>();
  for (const node of graph.nodes) {
    const activation =
      node.type === 'conv2d' || node.type === 'dense' ? fusedActivation(node) : node.type;
    const positive =
      (activation !== null && NON_NEGATIVE_ACTIVATIONS.has(activation)) ||
      (SIGN_KEEPING.has(node.type) && graph.inputsOf(node.id).every((id) => out.has(id)));
    if (positive) out.add(node.id);
  }
  return out;
}
