import type { EdgeDoc } from './types';
import type { Problem } from './errors';
import { adjacency, degree, type Adjacency } from './adjacency';
import { MinHeap } from './minHeap';
import { quote } from '../quote';

// Graph rules of the contract: one input with no incoming edge, one sink, acyclic, every node
// reachable from the input, and each layer's number of inputs. The editor needs the same checks
// on a half-built graph, so this reports problems per node instead of stopping at the first.

export interface GraphNode {
  id: string;
  type: string;
  /** 'none' for the input, 'one', or 'many' for add and concat; undefined for an unknown type. */
  arity: 'none' | 'one' | 'many' | undefined;
}

export interface GraphAnalysis {
  /** Nodes in topological order (document order among equals); nodes on a cycle are left out. */
  order: string[];
  /** Incoming node ids of each node, in edge order (dangling edges left out). */
  inputsOf: Map<string, string[]>;
  /** The input node's id, when there is exactly one. */
  inputId: string | null;
  /** The one node with no outgoing edge, when there is exactly one. */
  outputId: string | null;
  problems: Problem[];
}

const label = (n: GraphNode) => `node ${quote(n.id)} (${n.type})`;
const quoteList = (ids: string[]) => ids.map((id) => `${quote(id)}`).join(', ');

/** An edge's end that names no node. */
function dangling(e: EdgeDoc, i: number, end: 'from' | 'to'): Problem {
  return {
    field: `edges[${i}].${end}`,
    message: `edges[${i}]: ${end} ${quote(e[end])} is not a node of the model`,
  };
}

export function analyzeGraph(nodes: GraphNode[], edges: EdgeDoc[]): GraphAnalysis {
  const problems: Problem[] = [];
  // Nodes by their place in the document; the loops below work on places, not ids (a map of
  // strings per step made parsing a 100,000-layer model take seconds).
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => indexOf.set(n.id, i));
  const count = nodes.length;
  const from = Int32Array.from(edges, (e) => indexOf.get(e.from) ?? -1);
  const to = Int32Array.from(edges, (e) => indexOf.get(e.to) ?? -1);
  const joins = (i: number) => from[i] >= 0 && to[i] >= 0 && from[i] !== to[i];
  const repeats = repeatedEdges(count, from, to, joins);

  // Reported in edge order; the edges kept are the first of each pair of nodes.
  const keptFrom = new Int32Array(edges.length);
  const keptTo = new Int32Array(edges.length);
  let kept = 0;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (from[i] < 0) problems.push(dangling(e, i, 'from'));
    if (to[i] < 0) problems.push(dangling(e, i, 'to'));
    if (from[i] < 0 || to[i] < 0) continue;
    if (from[i] === to[i]) {
      problems.push({
        nodeId: e.from,
        field: `edges[${i}]`,
        message: `edges[${i}]: node ${quote(e.from)} cannot feed itself`,
      });
    } else if (repeats[i] >= 0) {
      problems.push({
        nodeId: e.to,
        field: `edges[${i}]`,
        message: `edges[${i}]: repeats edges[${repeats[i]}] from ${quote(e.from)} to ${quote(e.to)}`,
      });
    } else {
      keptFrom[kept] = from[i];
      keptTo[kept] = to[i];
      kept++;
    }
  }
  const into = adjacency(count, keptTo, keptFrom, kept);
  const outOf = adjacency(count, keptFrom, keptTo, kept);
  const idsOf = (a: Adjacency, i: number) => {
    const ids: string[] = [];
    for (let k = a.start[i]; k < a.start[i + 1]; k++) ids.push(nodes[a.list[k]].id);
    return ids;
  };
  const inputsOf = new Map<string, string[]>();
  for (let i = 0; i < count; i++) inputsOf.set(nodes[i].id, idsOf(into, i));

  const inputs = nodes.filter((n) => n.type === 'input');
  if (inputs.length === 0)
    problems.push({
      field: 'nodes',
      message: 'nodes: the model has no input node; add one of type "input"',
    });
  if (inputs.length > 1) {
    for (const extra of inputs.slice(1)) {
      problems.push({
        nodeId: extra.id,
        field: 'type',
        message: `${label(extra)}: a model has exactly one input, and ${quote(inputs[0].id)} is already one`,
      });
    }
  }

  for (let i = 0; i < count; i++) {
    const n = nodes[i];
    const incoming = degree(into, i);
    // Only written into a problem; listing thousands of inputs for every node would take long.
    const from = () => (incoming > 0 ? ` (from ${quoteList(idsOf(into, i))})` : '');
    if (n.arity === 'none' && incoming > 0) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message: `${label(n)}: an input takes no incoming edge, but has ${incoming}${from()}`,
      });
    } else if (n.arity === 'one' && incoming !== 1) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message:
          incoming === 0
            ? `${label(n)}: has no input; connect one node to it`
            : `${label(n)}: takes exactly one input, but has ${incoming}${from()}`,
      });
    } else if (n.arity === 'many' && incoming < 2) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message: `${label(n)}: needs two or more inputs, but has ${incoming}${from()}`,
      });
    }
  }

  // Kahn's algorithm, taking ready nodes in document order so the order is stable: the ready
  // list is a heap of document positions, so a node with thousands of inputs costs no re-sorting.
  const pending = Int32Array.from(nodes, (_, i) => degree(into, i));
  const placed = new Uint8Array(count);
  const order: string[] = [];
  const ready = new MinHeap();
  for (let i = 0; i < count; i++) if (pending[i] === 0) ready.push(i);
  while (ready.size > 0) {
    const at = ready.pop();
    placed[at] = 1;
    order.push(nodes[at].id);
    for (let k = outOf.start[at]; k < outOf.start[at + 1]; k++)
      if (--pending[outOf.list[k]] === 0) ready.push(outOf.list[k]);
  }
  if (order.length < count) {
    // Nodes left are on a cycle or downstream of one; peel off those that feed no other leftover
    // node, and then those that fed only peeled ones, until only nodes on or into a cycle are left.
    const left = Uint8Array.from(placed, (p) => 1 - p);
    const feeds = new Int32Array(count);
    const peel: number[] = [];
    for (let i = 0; i < count; i++) {
      if (!left[i]) continue;
      for (let k = outOf.start[i]; k < outOf.start[i + 1]; k++) feeds[i] += left[outOf.list[k]];
      if (feeds[i] === 0) peel.push(i);
    }
    while (peel.length > 0) {
      const at = peel.pop()!;
      left[at] = 0;
      for (let k = into.start[at]; k < into.start[at + 1]; k++) {
        const source = into.list[k];
        if (left[source] && --feeds[source] === 0) peel.push(source);
      }
    }
    const cyclic = nodes.filter((_, i) => left[i]).map((n) => n.id);
    problems.push({
      nodeId: cyclic[0],
      field: 'edges',
      message: `edges: form a cycle through ${quoteList(cyclic)}; a model must be acyclic`,
    });
  }

  const inputId = inputs.length === 1 ? inputs[0].id : null;
  if (inputId !== null) {
    const reached = new Uint8Array(count);
    const start = indexOf.get(inputId)!;
    reached[start] = 1;
    const stack = [start];
    while (stack.length > 0) {
      const at = stack.pop()!;
      for (let k = outOf.start[at]; k < outOf.start[at + 1]; k++) {
        const next = outOf.list[k];
        if (!reached[next]) {
          reached[next] = 1;
          stack.push(next);
        }
      }
    }
    nodes.forEach((n, i) => {
      if (!reached[i] && n.type !== 'input') {
        problems.push({
          nodeId: n.id,
          field: 'edges',
          message: `${label(n)}: is not connected to the input ${quote(inputId)}`,
        });
      }
    });
  }

  const sinks = nodes.filter((_, i) => degree(outOf, i) === 0);
  if (sinks.length > 1) {
    problems.push({
      nodeId: sinks[1].id,
      field: 'edges',
      message: `edges: the model has ${sinks.length} outputs (${quoteList(sinks.map((s) => s.id))}); exactly one node may have no outgoing edge`,
    });
  }

  return {
    order,
    inputsOf,
    inputId,
    outputId: sinks.length === 1 ? sinks[0].id : null,
    problems,
  };
}

/**
 * For each edge that repeats an earlier one between the same two nodes, that earlier edge's
 * index (else -1). Edges are grouped by target, and each source remembers the last target it was
 * seen with: no map keyed by pairs, whose keys outgrow small integers past 46,341 nodes.
 */
function repeatedEdges(
  count: number,
  from: Int32Array,
  to: Int32Array,
  joins: (edge: number) => boolean,
): Int32Array {
  const targets = new Int32Array(from.length);
  const edgeIndices = new Int32Array(from.length);
  let n = 0;
  for (let i = 0; i < from.length; i++) {
    if (!joins(i)) continue;
    targets[n] = to[i];
    edgeIndices[n] = i;
    n++;
  }
  const byTarget = adjacency(count, targets, edgeIndices, n);
  const repeats = new Int32Array(from.length).fill(-1);
  const lastTarget = new Int32Array(count).fill(-1);
  const firstEdge = new Int32Array(count);
  for (let t = 0; t < count; t++) {
    for (let k = byTarget.start[t]; k < byTarget.start[t + 1]; k++) {
      const edge = byTarget.list[k];
      const source = from[edge];
      if (lastTarget[source] === t) repeats[edge] = firstEdge[source];
      else {
        lastTarget[source] = t;
        firstEdge[source] = edge;
      }
    }
  }
  return repeats;
}
