import type { WeightSpec } from '../layers/layer';
import { layerDef } from '../layers/registry';
import type { Problem } from './errors';
import { analyzeGraph, inputIds } from './graph';
import { checkNodes, checkWeightShapes, parseStructure } from './parse';
import { inferShapes } from './shapes';
import type { LayerSummary, Shape } from './types';
import { quote } from '../quote';

// What the editor shows while a model is being built: parseModel's checks and summarize's numbers
// for a document that may be half-built (unconnected nodes, two outputs, a setting being typed).
// It runs every step parseModel runs but never stops at the first failing one, so each node gets
// its shape and costs where they can be known and its own list of problems. Weight data is not
// decoded (opening a file goes through parseModel, which does).

export interface NodeInspection {
  id: string;
  type: string;
  /** Shape, parameters, MACs and receptive field; null for a node on a cycle. */
  summary: LayerSummary | null;
  /** The settings with every default filled in; null when the type is unknown or a setting invalid. */
  config: Record<string, unknown> | null;
  /** The tensors the layer holds, running statistics included; empty until its input shape is known. */
  weights: WeightSpec[];
  /** Shapes arriving on the incoming edges, in edge order; null until they are all known. */
  inputShapes: Shape[] | null;
  /** Problems of this node: settings, wiring, shapes, weights. */
  problems: Problem[];
}

export interface ModelInspection {
  /** Every node with a unique id, in `order`. */
  nodes: ReadonlyMap<string, NodeInspection>;
  /** Topological order (document order among equals); nodes on a cycle come last. */
  order: string[];
  /** Incoming node ids of each node, in edge order. */
  inputsOf: ReadonlyMap<string, string[]>;
  /** Every problem: the document's own first, then each node's in `order`. */
  problems: Problem[];
  /** True when parseModel accepts the document and no node has a shape error. */
  valid: boolean;
}

export function inspectModel(json: unknown): ModelInspection {
  const structure = parseStructure(json);
  if (!structure.ok) {
    return {
      nodes: new Map(),
      order: [],
      inputsOf: new Map(),
      problems: structure.problems,
      valid: false,
    };
  }
  const doc = structure.doc;
  const { checked, specs, problems: nodeProblems } = checkNodes(doc.nodes);
  const graph = analyzeGraph(
    checked.map((n) => ({ id: n.id, type: n.type, arity: layerDef(n.type)?.arity })),
    doc.edges,
  );
  const inferred = inferShapes(
    checked.map((n) => ({ id: n.id, type: n.type, config: n.spec?.config ?? null })),
    graph,
    doc.classes,
  );
  const weightProblems: Problem[] = [];
  checkWeightShapes(doc.weights, specs, inferred, weightProblems);

  const onCycle = checked.filter((n) => !inferred.has(n.id)).map((n) => n.id);
  const order = [...graph.order, ...onCycle];
  const byId = new Map(checked.map((n) => [n.id, n]));
  const nodes = new Map<string, NodeInspection>();
  const shapeProblems: Problem[] = [];
  for (const id of order) {
    const node = byId.get(id)!;
    const info = inferred.get(id);
    const summary: LayerSummary | null = info
      ? {
          id,
          type: info.type,
          outputShape: info.outputShape,
          params: info.params,
          macs: info.macs,
          error: info.error,
          receptiveField: info.receptiveField,
        }
      : null;
    nodes.set(id, {
      id,
      type: node.type,
      summary,
      config: node.spec?.config ?? null,
      weights: info?.weights ?? [],
      inputShapes: info?.inputShapes ?? null,
      problems: [],
    });
    if (info?.error) {
      shapeProblems.push({
        nodeId: id,
        ...(info.errorField !== undefined ? { field: info.errorField } : {}),
        message: `node ${quote(id)} (${node.type}): ${info.error}`,
      });
    }
  }

  const documentProblems: Problem[] = [];
  for (const problem of [...nodeProblems, ...graph.problems, ...shapeProblems, ...weightProblems]) {
    const owner = problem.nodeId === undefined ? undefined : nodes.get(problem.nodeId);
    if (owner) owner.problems.push(problem);
    else documentProblems.push(problem);
  }
  const problems = [...documentProblems, ...order.flatMap((id) => nodes.get(id)!.problems)];
  const inputsOf = new Map(checked.map((n, i) => [n.id, inputIds(checked, graph.into, i)]));
  return { nodes, order, inputsOf, problems, valid: problems.length === 0 };
}
