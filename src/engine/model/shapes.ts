import { ShapeError, type WeightSpec } from '../layers/layer';
import { layerDef } from '../layers/registry';
import { sizeOf } from './format';
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
    // Every node has its own entry in inputsOf, so an id such as "constructor" finds its list.
    inferred = inferShapes(
      spec.nodes,
      spec.order,
      { get: (id) => spec.inputsOf[id] },
      spec.classes,
    );
    inferredOf.set(spec, inferred);
  }
  return inferred;
}

/** Records the shapes parseModel inferred while checking the spec's weights. */
export function rememberShapes(spec: ModelSpec, inferred: Map<string, InferredNode>): void {
  inferredOf.set(spec, inferred);
}

export function inferShapes(
  nodes: ShapeNode[],
  order: string[],
  inputsOf: Pick<ReadonlyMap<string, readonly string[]>, 'get'>,
  classes?: string[],
): Map<string, InferredNode> {
  const byId = new Map<string, ShapeNode>();
  for (const n of nodes) byId.set(n.id, n);
  const result = new Map<string, InferredNode>();
  const inputNode = nodes.find((n) => n.type === 'input');
  const networkShape = inputNode ? outputOf(inputNode) : null;

  function outputOf(n: ShapeNode): Shape | null {
    const def = layerDef(n.type);
    if (!def || n.config === null || n.type !== 'input') return null;
    return def.outputShape(n.config, []);
  }

  for (const id of order) {
    const node = byId.get(id)!;
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
    if (!def || node.config === null) continue;
    const sources = inputsOf.get(id) ?? [];
    const upstream = sources.map((s) => result.get(s));
    if (upstream.some((u) => !u || u.outputShape === null)) continue;
    if (def.arity === 'one' && sources.length !== 1) continue;
    if (def.arity === 'many' && sources.length < 2) continue;
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
  const fed = new Set<string>();
  for (const id of order) for (const source of inputsOf.get(id) ?? []) fed.add(source);
  const sinks = order.filter((id) => !fed.has(id));
  if (sinks.length === 1) {
    const out = result.get(sinks[0])!;
    if (out.outputShape && out.error === null && sizeOf(out.outputShape) !== classes.length) {
      out.errorField = 'classes';
      out.error = `classes lists ${classes.length} names but the output gives ${sizeOf(out.outputShape)} class scores`;
    }
  }
  return result;
}
