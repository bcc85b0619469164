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

export function analyzeGraph(nodes: GraphNode[], edges: EdgeDoc[]): GraphAnalysis {
  const problems: Problem[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const inputsOf = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outputsOf = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const seen = new Map<string, number>();

  edges.forEach((e, i) => {
    const field = `edges[${i}]`;
    for (const end of ['from', 'to'] as const) {
      if (!byId.has(e[end])) {
        problems.push({
          field: `${field}.${end}`,
          message: `${field}: ${end} ${quote(e[end])} is not a node of the model`,
        });
      }
    }
    if (!byId.has(e.from) || !byId.has(e.to)) return;
    if (e.from === e.to) {
      problems.push({
        nodeId: e.from,
        field,
        message: `${field}: node ${quote(e.from)} cannot feed itself`,
      });
      return;
    }
    const key = `${e.from}\u0000${e.to}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        nodeId: e.to,
        field,
        message: `${field}: repeats edges[${first}] from ${quote(e.from)} to ${quote(e.to)}`,
      });
      return;
    }
    seen.set(key, i);
    inputsOf.get(e.to)!.push(e.from);
    outputsOf.get(e.from)!.push(e.to);
  });

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
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const pending = new Map(nodes.map((n) => [n.id, inputsOf.get(n.id)!.length]));
  const order: string[] = [];
  const ready = new MinHeap();
  nodes.forEach((n, i) => {
    if (pending.get(n.id) === 0) ready.push(i);
  });
  while (ready.size > 0) {
    const id = nodes[ready.pop()].id;
    order.push(id);
    for (const to of outputsOf.get(id)!) {
      const left = pending.get(to)! - 1;
      pending.set(to, left);
      if (left === 0) ready.push(position.get(to)!);
    }
  }
  if (order.length < nodes.length) {
    // Nodes left are on a cycle or downstream of one; peel off those that feed no other leftover
    // node, and then those that fed only peeled ones, until only nodes on or into a cycle are left.
    const placed = new Set(order);
    const left = new Set(nodes.filter((n) => !placed.has(n.id)).map((n) => n.id));
    const feeds = new Map<string, number>();
    const peel: string[] = [];
    for (const id of left) {
      const count = outputsOf.get(id)!.filter((to) => left.has(to)).length;
      feeds.set(id, count);
      if (count === 0) peel.push(id);
    }
    while (peel.length > 0) {
      const id = peel.pop()!;
      left.delete(id);
      for (const from of inputsOf.get(id)!) {
        if (!left.has(from)) continue;
        const count = feeds.get(from)! - 1;
        feeds.set(from, count);
        if (count === 0) peel.push(from);
      }
    }
    const cyclic = nodes.filter((n) => left.has(n.id)).map((n) => n.id);
    problems.push({
      nodeId: cyclic[0],
      field: 'edges',
      message: `edges: form a cycle through ${quoteList(cyclic)}; a model must be acyclic`,
    });
  }

  const inputId = inputs.length === 1 ? inputs[0].id : null;
  if (inputId !== null) {
    const reached = new Set<string>([inputId]);
    const stack = [inputId];
    while (stack.length > 0) {
      for (const to of outputsOf.get(stack.pop()!)!) {
        if (!reached.has(to)) {
          reached.add(to);
          stack.push(to);
        }
      }
    }
    for (const n of nodes) {
      if (!reached.has(n.id) && n.type !== 'input') {
        problems.push({
          nodeId: n.id,
          field: 'edges',
          message: `${label(n)}: is not connected to the input ${quote(inputId)}`,
        });
      }
    }
  }

  const sinks = nodes.filter((n) => outputsOf.get(n.id)!.length === 0);
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
