import { ShapeError, type WeightSpec } from '../layers/layer';
import { layerDef } from '../layers/registry';
import { adjacency } from './adjacency';
import { sizeOf } from './format';
import type { GraphAnalysis } from './graph';
import type { LayerSummary, ModelSpec, ReceptiveField, Shape } from './types';

// Shape inference apart from execution: what each node outputs, holds and costs, for every node
// even when some are wrong (the wrong node gets the error, the nodes after it get null shapes).

export interface ShapeNode {
  id: string;
  type: string;
  /** null when the node's settings are invalid (the error is reported elsewhere). */
  config: Record<string, unknown> | null;
}

export interface InferredNode extends LayerSummary {
  /** The node's settings (null when invalid). */
  config: Record<string, unknown> | null;
  /** The setting the shape error is about (`kernelSize`, `classes`), when it is about one. */
  errorField?: string;
  weights: WeightSpec[];
  inputShapes: Shape[] | null;
}

// A spec is not changed once parseModel has built it, so its shapes are inferred once: parse,
// summarize and createNetwork each inferring them again cost a 100,000-layer model a second.
const inferredOf = new WeakMap<ModelSpec, Map<string, InferredNode>>();

/** The shapes of a parsed model (summarize and createNetwork read them). */
export function inferSpecShapes(spec: ModelSpec): Map<string, InferredNode> {
  let inferred = inferredOf.get(spec);
  if (!inferred) {
    inferred = inferShapes(spec.nodes, specGraph(spec), spec.classes);
    inferredOf.set(spec, inferred);
  }
  return inferred;
}

/** Records the shapes parseModel inferred while checking the spec's weights. */
export function rememberShapes(spec: ModelSpec, inferred: Map<string, InferredNode>): void {
  inferredOf.set(spec, inferred);
}

/** A spec's order and inputs as positions in its nodes, as analyzeGraph gives them. */
function specGraph(spec: ModelSpec): ShapeGraph {
  const indexOf = new Map<string, number>();
  spec.nodes.forEach((n, i) => indexOf.set(n.id, i));
  const count = spec.nodes.length;
  // Every node has its own entry in inputsOf, so an id such as "constructor" finds its list.
  const inputs = spec.nodes.map((n) => spec.inputsOf[n.id] ?? []);
  const edges = inputs.reduce((sum, list) => sum + list.length, 0);
  const targets = new Int32Array(edges);
  const sources = new Int32Array(edges);
  let k = 0;
  inputs.forEach((list, i) => {
    for (const id of list) {
      targets[k] = i;
      sources[k++] = indexOf.get(id)!;
    }
  });
  return {
    positions: Int32Array.from(spec.order, (id) => indexOf.get(id)!),
    into: adjacency(count, targets, sources, edges),
  };
}

/** The graph shapes flow along: node positions in topological order, and each node's inputs. */
export type ShapeGraph = Pick<GraphAnalysis, 'positions' | 'into'>;

/**
 * Every node's inference, keyed by id, the entries in topological order. Nodes left out of the
 * order (on a cycle) get no entry; a node fed by one gets no shape.
 */
export function inferShapes(
  nodes: ShapeNode[],
  graph: ShapeGraph,
  classes?: string[],
): Map<string, InferredNode> {
  const { positions, into } = graph;
  // By position, so a node's inputs are found without a lookup by id.
  const entries: (InferredNode | undefined)[] = new Array(nodes.length);
  const result = new Map<string, InferredNode>();
  const inputNode = nodes.find((n) => n.type === 'input');
  const networkShape = inputNode ? outputOf(inputNode) : null;

  function outputOf(n: ShapeNode): Shape | null {
    const def = layerDef(n.type);
    if (!def || n.config === null || n.type !== 'input') return null;
    return def.outputShape(n.config, []);
  }

  for (const at of positions) {
    const node = nodes[at];
    const id = node.id;
    const def = layerDef(node.type);
    const entry: InferredNode = {
      id,
      type: node.type,
      config: node.config,
      outputShape: null,
      params: 0,
      macs: 0,
      error: null,
      receptiveField: null,
      weights: [],
      inputShapes: null,
    };
    result.set(id, entry);
    entries[at] = entry;
    if (!def || node.config === null) continue;
    const upstream: (InferredNode | undefined)[] = [];
    for (let k = into.start[at]; k < into.start[at + 1]; k++) upstream.push(entries[into.list[k]]);
    if (upstream.some((u) => !u || u.outputShape === null)) continue;
    if (def.arity === 'one' && upstream.length !== 1) continue;
    if (def.arity === 'many' && upstream.length < 2) continue;
    const inputs = upstream.map((u) => ({ id: u!.id, shape: u!.outputShape! }));
    const shapes = inputs.map((i) => i.shape);
    try {
      entry.outputShape = def.outputShape(node.config, inputs);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      entry.error = e.message;
      if (e.setting !== undefined) entry.errorField = e.setting;
      continue;
    }
    entry.inputShapes = shapes;
    entry.weights = def.weights?.(node.config, shapes) ?? [];
    entry.params = entry.weights
      .filter((w) => w.trainable)
      .reduce((s, w) => s + sizeOf(w.shape), 0);
    entry.macs = def.macs?.(node.config, shapes, entry.outputShape) ?? 0;
    const fields = upstream.map((u) => u!.receptiveField);
    if (networkShape && fields.every((f): f is ReceptiveField => f !== null)) {
      entry.receptiveField = def.receptiveField
        ? def.receptiveField(node.config, fields, { inputs: shapes, network: networkShape })
        : (fields[0] ?? null);
    }
  }

  if (!classes) return result;
  const fed = new Uint8Array(nodes.length);
  for (const at of positions)
    for (let k = into.start[at]; k < into.start[at + 1]; k++) fed[into.list[k]] = 1;
  const sinks = Array.from(positions).filter((at) => !fed[at]);
  if (sinks.length === 1) {
    const out = entries[sinks[0]]!;
    if (out.outputShape && out.error === null && sizeOf(out.outputShape) !== classes.length) {
      out.errorField = 'classes';
      out.error = `classes lists ${classes.length} names but the output gives ${sizeOf(out.outputShape)} class scores`;
    }
  }
  return result;
}
