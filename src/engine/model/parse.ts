import * as v from 'valibot';
import { describeSettingIssue } from '../layers/params';
import { LAYER_TYPES, layerDef } from '../layers/registry';
import { bytesToFloat32, decodeBase64 } from './base64';
import { ModelError, type Problem } from './errors';
import { describeValue, sizeOf } from './format';
import { analyzeGraph } from './graph';
import { documentSchema, tensorSchema, type ParsedDocument } from './schema';
import { inferShapes, rememberShapes } from './shapes';
import type { ModelSpec, NodeSpec, LayerType, Tensor, TensorDoc } from './types';
import { quote } from '../quote';

/**
 * Validates a model document completely and returns the spec the engine runs. Every problem is
 * collected; the ModelError's message has one line per problem, each naming the node and setting.
 * Shape problems are not thrown here: summarize reports them per node, createNetwork refuses them.
 */
export function parseModel(json: unknown): ModelSpec {
  const structure = parseStructure(json);
  if (!structure.ok) throw new ModelError(structure.problems);
  const doc = structure.doc;

  const { specs: nodes, problems } = checkNodes(doc.nodes);
  if (problems.length > 0) throw new ModelError(problems);

  const graph = analyzeGraph(
    nodes.map((n) => ({ id: n.id, type: n.type, arity: layerDef(n.type)!.arity })),
    doc.edges,
  );
  if (graph.problems.length > 0) throw new ModelError(graph.problems);

  const inferred = inferShapes(nodes, graph.order, graph.inputsOf, doc.classes);
  const weights = parseWeights(doc, nodes, inferred, problems);
  if (problems.length > 0) throw new ModelError(problems);

  const spec: ModelSpec = {
    format: doc.format,
    version: doc.version,
    ...(doc.name !== undefined ? { name: doc.name } : {}),
    ...(doc.classes ? { classes: doc.classes } : {}),
    nodes,
    edges: doc.edges.map((e) => ({ from: e.from, to: e.to })),
    order: graph.order,
    inputsOf: Object.fromEntries(graph.inputsOf),
    weights,
    ...(doc.training ? { training: doc.training } : {}),
    ...(doc.meta ? { meta: doc.meta } : {}),
  };
  rememberShapes(spec, inferred);
  return spec;
}

// The steps of parseModel, exported so inspectModel can run them on a half-built document and
// keep going where parseModel stops at the first failing step.

/** The document's structure (schema.ts); settings, graph and shapes are checked after it. */
export function parseStructure(
  json: unknown,
): { ok: true; doc: ParsedDocument } | { ok: false; problems: Problem[] } {
  const parsed = v.safeParse(documentSchema, json, { abortPipeEarly: true });
  if (!parsed.success)
    return { ok: false, problems: parsed.issues.map((i) => documentProblem(i, json)) };
  return { ok: true, doc: parsed.output };
}

/** A node with a unique id; `spec` is null when its type is unknown or its settings invalid. */
export interface CheckedNode {
  id: string;
  type: string;
  spec: NodeSpec | null;
}

/** Each node's id, type and settings. Nodes with a duplicate id are reported and left out. */
export function checkNodes(docNodes: ParsedDocument['nodes']): {
  checked: CheckedNode[];
  specs: NodeSpec[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const checked: CheckedNode[] = [];
  const specs: NodeSpec[] = [];
  const firstIndex = new Map<string, number>();
  docNodes.forEach((n, i) => {
    const seen = firstIndex.get(n.id);
    if (seen !== undefined) {
      problems.push({
        nodeId: n.id,
        field: 'id',
        message: `node ${quote(n.id)}: id is used by nodes[${seen}] and nodes[${i}]; ids must be unique`,
      });
      return;
    }
    firstIndex.set(n.id, i);
    const spec = checkNode(n, problems);
    checked.push({ id: n.id, type: n.type, spec });
    if (spec) specs.push(spec);
  });
  return { checked, specs, problems };
}

function checkNode(n: ParsedDocument['nodes'][number], problems: Problem[]): NodeSpec | null {
  const def = layerDef(n.type);
  if (!def) {
    problems.push({
      nodeId: n.id,
      field: 'type',
      message: `node ${quote(n.id)}: unknown layer type ${describeValue(n.type)}; known types: ${LAYER_TYPES.join(', ')}`,
    });
    return null;
  }
  const params = n.params ?? {};
  const result = v.safeParse(def.params, params, { abortPipeEarly: true });
  if (!result.success) {
    const allowed = settingNames(def.params);
    for (const issue of result.issues) {
      const { setting, text } = describeSettingIssue(issue, allowed);
      problems.push({
        nodeId: n.id,
        field: setting,
        message: `node ${quote(n.id)} (${n.type}): ${text}`,
      });
    }
    return null;
  }
  return {
    id: n.id,
    type: n.type as LayerType,
    params,
    config: result.output as Record<string, unknown>,
    ...(n.position ? { position: n.position } : {}),
    ...(n.label !== undefined ? { label: n.label } : {}),
  };
}

/** A weight tensor of the document whose node exists and whose shape fits the layer. */
interface FittingTensor {
  nodeId: string;
  node: NodeSpec;
  name: string;
  tensor: TensorDoc;
}

/**
 * The document's weight tensors checked against the shapes the layers need; their data is not
 * decoded here. Nodes without an inferred entry (on a cycle) are not checked.
 */
export function checkWeightShapes(
  weights: ParsedDocument['weights'],
  nodes: NodeSpec[],
  inferred: ReturnType<typeof inferShapes>,
  problems: Problem[],
): FittingTensor[] {
  const fitting: FittingTensor[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const [nodeId, tensors] of Object.entries(weights ?? {})) {
    const node = byId.get(nodeId);
    if (!node) {
      problems.push({
        field: `weights.${nodeId}`,
        message: `weights: ${quote(nodeId)} is not a node of the model`,
      });
      continue;
    }
    if (!isPlainObject(tensors)) {
      problems.push({
        nodeId,
        field: `weights.${nodeId}`,
        message: `weights of node ${quote(nodeId)} must be an object of tensors, got ${describeValue(tensors)}`,
      });
      continue;
    }
    const info = inferred.get(nodeId);
    if (!info) continue;
    const where = `weights of node ${quote(nodeId)} (${node.type})`;
    const def = layerDef(node.type)!;
    for (const [name, value] of Object.entries(tensors)) {
      const field = `weights.${nodeId}.${name}`;
      const parsed = v.safeParse(tensorSchema, value, { abortPipeEarly: true });
      if (!parsed.success) {
        problems.push(tensorProblem(parsed.issues[0], nodeId, name, value));
        continue;
      }
      const t = parsed.output;
      const spec = info.weights.find((w) => w.name === name);
      if (!spec && info.outputShape !== null) {
        const names = info.weights.map((w) => w.name);
        problems.push({
          nodeId,
          field,
          message:
            names.length > 0
              ? `${where}: unknown tensor ${quote(name)}; this layer has ${names.join(', ')}`
              : `${where}: unknown tensor ${quote(name)}; ${/^[aeiou]/.test(def.type) ? 'an' : 'a'} ${def.type} layer has no weights`,
        });
        continue;
      }
      if (
        spec &&
        (spec.shape.length !== t.shape.length || spec.shape.some((d, i) => d !== t.shape[i]))
      ) {
        problems.push({
          nodeId,
          field,
          message: `${where}: ${name} has shape [${t.shape.join(', ')}] but the layer needs [${spec.shape.join(', ')}]`,
        });
        continue;
      }
      fitting.push({ nodeId, node, name, tensor: t });
    }
  }
  return fitting;
}

function parseWeights(
  doc: ParsedDocument,
  nodes: NodeSpec[],
  inferred: ReturnType<typeof inferShapes>,
  problems: Problem[],
): Record<string, Record<string, Tensor>> {
  // Without a prototype, ids such as "constructor" or "__proto__" are plain keys.
  const out: Record<string, Record<string, Tensor>> = Object.create(null);
  for (const { nodeId, node, name, tensor: t } of checkWeightShapes(
    doc.weights,
    nodes,
    inferred,
    problems,
  )) {
    const where = `weights of node ${quote(nodeId)} (${node.type})`;
    const field = `weights.${nodeId}.${name}`;
    const data = decodeTensor(
      t.data,
      sizeOf(t.shape),
      `${where}: ${name} data`,
      nodeId,
      field,
      problems,
    );
    if (!data) continue;
    if (name === 'runningVar' && data.some((x) => x < 0)) {
      problems.push({ nodeId, field, message: `${where}: runningVar must not be negative` });
      continue;
    }
    (out[nodeId] ??= Object.create(null))[name] = { shape: [...t.shape], data };
  }
  return out;
}

function decodeTensor(
  data: string | number[] | Float32Array,
  expected: number,
  where: string,
  nodeId: string,
  field: string,
  problems: Problem[],
): Float32Array | null {
  let values: Float32Array;
  if (typeof data === 'string') {
    const bytes = decodeBase64(data);
    if (typeof bytes === 'string') {
      problems.push({ nodeId, field, message: `${where} is not valid base64: ${bytes}` });
      return null;
    }
    if (bytes.length !== expected * 4) {
      problems.push({
        nodeId,
        field,
        message: `${where} holds ${bytes.length} bytes but its shape needs ${expected} float32 values (${expected * 4} bytes)`,
      });
      return null;
    }
    values = bytesToFloat32(bytes);
  } else {
    if (data.length !== expected) {
      problems.push({
        nodeId,
        field,
        message: `${where} holds ${data.length} values but its shape needs ${expected}`,
      });
      return null;
    }
    // A Float32Array is kept, not copied: an imported model's weights are views of its file.
    values = data instanceof Float32Array ? data : Float32Array.from(data);
  }
  const bad = values.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) {
    problems.push({
      nodeId,
      field,
      message: `${where}[${bad}] must be a finite float32 number, got ${describeValue(values[bad])}`,
    });
    return null;
  }
  return values;
}

/** Turns a schema issue into a sentence that says where, what is allowed, and what was found. */
function documentProblem(issue: v.BaseIssue<unknown>, json: unknown): Problem {
  const keys = (issue.path ?? []).map((p) => (p as { key: unknown }).key as string | number);
  const value = issue.path?.length
    ? (issue.path[issue.path.length - 1] as { value: unknown }).value
    : json;
  const isUnknownKey = issue.type === 'strict_object' && issue.expected === 'never';
  const isMissing =
    issue.type === 'strict_object' && issue.received === 'undefined' && keys.length > 0;
  const { nodeId, where } = locate(isUnknownKey ? keys.slice(0, -1) : keys, json);
  const field = keys.join('.');
  if (isUnknownKey) {
    const key = keys[keys.length - 1];
    return { nodeId, field, message: `${where || 'the document'}: unknown field ${quote(key)}` };
  }
  if (isMissing) return { nodeId, field, message: `${where} is required` };
  return {
    nodeId,
    field,
    message: `${where || 'the document'} ${issue.message}, got ${describeValue(value)}`,
  };
}

function locate(keys: (string | number)[], json: unknown): { nodeId?: string; where: string } {
  if (keys[0] === 'nodes' && typeof keys[1] === 'number') {
    const node = (json as { nodes: unknown[] }).nodes[keys[1]] as {
      id?: unknown;
      type?: unknown;
    } | null;
    const rest = keys.slice(2).join('.');
    if (node && typeof node.id === 'string' && node.id !== '' && keys[2] !== 'id') {
      const type = typeof node.type === 'string' ? ` (${node.type})` : '';
      return { nodeId: node.id, where: `node ${quote(node.id)}${type}${rest ? ` ${rest}` : ''}` };
    }
    return { where: `nodes[${keys[1]}]${rest ? `.${rest}` : ''}` };
  }
  if (keys[0] === 'weights' && keys.length >= 2) {
    const rest = keys.slice(2);
    const tail =
      rest.length > 0
        ? ` ${rest[0]}${rest
            .slice(1)
            .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
            .join('')}`
        : '';
    return { nodeId: String(keys[1]), where: `weights of node ${quote(keys[1])}:${tail}` };
  }
  return {
    where: keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join(''),
  };
}

/** The setting names of a params schema (a strict object, possibly inside a pipe). */
function settingNames(schema: unknown): string[] {
  const s = schema as { entries?: object; pipe?: unknown[] };
  if (s.entries) return Object.keys(s.entries);
  return s.pipe ? settingNames(s.pipe[0]) : [];
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function tensorProblem(
  issue: v.BaseIssue<unknown>,
  nodeId: string,
  name: string,
  value: unknown,
): Problem {
  const keys = (issue.path ?? []).map((p) => (p as { key: unknown }).key);
  const at = keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
  const found = issue.path?.length
    ? (issue.path[issue.path.length - 1] as { value: unknown }).value
    : value;
  const field = `weights.${nodeId}.${name}${at}`;
  const where = `weights of node ${quote(nodeId)}: ${name}`;
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return {
      nodeId,
      field,
      message: `${where} has an unknown field ${quote(String(keys[keys.length - 1]))}`,
    };
  }
  if (issue.type === 'strict_object' && issue.received === 'undefined') {
    return { nodeId, field, message: `${where}${at} is required` };
  }
  return { nodeId, field, message: `${where}${at} ${issue.message}, got ${describeValue(found)}` };
}
