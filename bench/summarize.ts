import { inspectModel, parseModel, summarize } from '../src/engine/index';
import { residualGraph } from './graphs';
import { rate } from './timing';

/**
 * Median milliseconds of summarize alone, of parseModel + summarize, and of inspectModel (what the
 * editor runs on every change: the same checks and numbers, per node, for half-built graphs too).
 */
export function summarizeCase(size: number) {
  const doc = residualGraph(size);
  const spec = parseModel(doc);
  const problem = summarize(spec).find((layer) => layer.error);
  if (problem) throw new Error(`the ${size}-node graph is wrong: ${problem.id}: ${problem.error}`);
  const options = { warmupSeconds: 0.5, repeatSeconds: 0.3, repeats: 7 };
  const summarizeMs = 1000 / rate(() => summarize(spec), 1, options).median;
  const withParseMs = 1000 / rate(() => summarize(parseModel(doc)), 1, options).median;
  const inspectMs = 1000 / rate(() => inspectModel(doc), 1, options).median;
  return { nodes: doc.nodes.length, summarizeMs, withParseMs, inspectMs };
}
