import type { EdgeDoc } from './types';
import type { Problem } from './errors';
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
  outputsOf: Map<string, string[]>;
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
  const inputsOf = new Map<string, string[]>();
  const outputsOf = new Map<string, string[]>();
  const into: number[][] = [];
  const outOf: number[][] = [];
  for (const n of nodes) {
    inputsOf.set(n.id, []);
    outputsOf.set(n.id, []);
    into.push([]);
    outOf.push([]);
  }
  // The first edge of each (from, to) pair, keyed by from·count + to.
  const seen = new Map<number, number>();

  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    const from = indexOf.get(e.from);
    const to = indexOf.get(e.to);
    if (from === undefined) problems.push(dangling(e, i, 'from'));
    if (to === undefined) problems.push(dangling(e, i, 'to'));
    if (from === undefined || to === undefined) continue;
    if (from === to) {
      problems.push({
        nodeId: e.from,
        field: `edges[${i}]`,
        message: `edges[${i}]: node ${quote(e.from)} cannot feed itself`,
      });
      continue;
    }
    const key = from * count + to;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        nodeId: e.to,
        field: `edges[${i}]`,
        message: `edges[${i}]: repeats edges[${first}] from ${quote(e.from)} to ${quote(e.to)}`,
      });
      continue;
    }
    seen.set(key, i);
    inputsOf.get(e.to)!.push(e.from);
    outputsOf.get(e.from)!.push(e.to);
    into[to].push(from);
    outOf[from].push(to);
  }

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

  for (const n of nodes) {
    const incoming = inputsOf.get(n.id)!;
    // Only written into a problem; listing thousands of inputs for every node would take long.
    const from = () => (incoming.length > 0 ? ` (from ${quoteList(incoming)})` : '');
    if (n.arity === 'none' && incoming.length > 0) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message: `${label(n)}: an input takes no incoming edge, but has ${incoming.length}${from()}`,
      });
    } else if (n.arity === 'one' && incoming.length !== 1) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message:
          incoming.length === 0
            ? `${label(n)}: has no input; connect one node to it`
            : `${label(n)}: takes exactly one input, but has ${incoming.length}${from()}`,
      });
    } else if (n.arity === 'many' && incoming.length < 2) {
      problems.push({
        nodeId: n.id,
        field: 'edges',
        message: `${label(n)}: needs two or more inputs, but has ${incoming.length}${from()}`,
      });
    }
  }

  // Kahn's algorithm, taking ready nodes in document order so the order is stable: the ready
  // list is a heap of document positions, so a node with thousands of inputs costs no re-sorting.
  const pending = Int32Array.from(into, (from) => from.length);
  const placed = new Uint8Array(count);
  const order: string[] = [];
  const ready = new MinHeap();
  for (let i = 0; i < count; i++) if (pending[i] === 0) ready.push(i);
  while (ready.size > 0) {
    const at = ready.pop();
    placed[at] = 1;
    order.push(nodes[at].id);
    for (const to of outOf[at]) if (--pending[to] === 0) ready.push(to);
  }
  if (order.length < count) {
    // Nodes left are on a cycle or downstream of one; peel off those that feed no other leftover
    // node, and then those that fed only peeled ones, until only nodes on or into a cycle are left.
    const left = Uint8Array.from(placed, (p) => 1 - p);
    const feeds = new Int32Array(count);
    const peel: number[] = [];
    for (let i = 0; i < count; i++) {
      if (!left[i]) continue;
      feeds[i] = outOf[i].filter((to) => left[to]).length;
      if (feeds[i] === 0) peel.push(i);
    }
    while (peel.length > 0) {
      const at = peel.pop()!;
      left[at] = 0;
      for (const from of into[at]) if (left[from] && --feeds[from] === 0) peel.push(from);
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
      for (const to of outOf[stack.pop()!]) {
        if (!reached[to]) {
          reached[to] = 1;
          stack.push(to);
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

  const sinks = nodes.filter((_, i) => outOf[i].length === 0);
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
    outputsOf,
    inputId,
    outputId: sinks.length === 1 ? sinks[0].id : null,
    problems,
  };
}
