import type { Fusion } from './patterns';
import type { OnnxGraph } from './graph';
import type { Conversion } from './convert';

// The short account of an import the app shows beside the model: where it came from and what
// each kind of ONNX operator became.

export function importReport(
  graph: OnnxGraph,
  fusions: Fusion[],
  conversion: Conversion,
): string[] {
  const lines = [
    `ONNX opset ${graph.opset}${graph.producer ? `, written by ${graph.producer}` : ''}.`,
  ];
  const folded = foldedConvolutions(graph);
  if (folded > 0) {
    lines.push(
      `BatchNormalization was folded into Conv by the exporter: ${folded} conv2d layer${folded === 1 ? ' carries' : 's carry'} its scale and shift in ${folded === 1 ? 'its' : 'their'} weights and bias.`,
    );
  }
  for (const { label, count } of fusions) lines.push(`${count} ${label}.`);
  for (const [what, count] of conversion.counts) lines.push(`${count} ${what}.`);
  if (conversion.dropped > 0) {
    const n = conversion.dropped;
    lines.push(
      `${n} layer${n === 1 ? '' : 's'} that do not lead to the output ${n === 1 ? 'was' : 'were'} left out.`,
    );
  }
  return lines;
}

/**
 * PyTorch's exporter folds each BatchNormalization into the Conv before it in eval mode and names
 * the new weights "onnx::Conv_…" instead of after the module's parameters.
 */
function foldedConvolutions(graph: OnnxGraph): number {
  if (!graph.producer.startsWith('pytorch')) return 0;
  return graph.nodes.filter((n) => n.op === 'Conv' && n.inputs[1]?.startsWith('onnx::Conv')).length;
}
