import { attributesOf } from './attributes';
import type { OnnxGraph, OpNode } from './graph';
import { Uses } from './uses';

// Subgraphs that exporters write for one layer, fused back into that layer before conversion:
// x·Sigmoid(x) is SiLU, the Erf formula is GELU, the ReduceMean/Sub/Pow/Sqrt/Div chain is a
// layer norm, a zero Pad before a Conv is the Conv's padding, and channels taken apart, each
// scaled and shifted, and joined again are a per-channel affine map. Each fused node replaces the
// chain's last node (keeping its output), and its name is the chain's, so ids stay readable.

export interface Fusion {
  /** What the report says, e.g. "x·Sigmoid(x) became silu". */
  label: string;
  count: number;
}

type Pattern = (graph: OnnxGraph, uses: Uses, remove: Set<OpNode>) => OpNode[];

const SQRT2 = Math.SQRT2;
const near = (x: number | undefined, target: number) =>
  x !== undefined && Math.abs(x - target) <= 1e-4 * Math.max(1, Math.abs(target));

/** The single value of a scalar (or one-element) constant. */
function scalar(graph: OnnxGraph, name: string): number | undefined {
  const c = graph.constants.get(name);
  return c && c.data.length === 1 ? c.data[0] : undefined;
}

/** The other input of a two-input node, when `name` is one of them. */
function other(node: OpNode, name: string): string | undefined {
  if (node.inputs.length !== 2) return undefined;
  if (node.inputs[0] === name) return node.inputs[1];
  if (node.inputs[1] === name) return node.inputs[0];
  return undefined;
}

const is = (node: OpNode | undefined, op: string): node is OpNode => node?.op === op;

function fusedNode(last: OpNode, op: string, inputs: string[], name: string): OpNode {
  return { name, op, inputs, outputs: last.outputs.slice(0, 1), attrs: attributesOf({}) };
}

/** Mul(x, Sigmoid(x)) → Silu(x). */
const silu: Pattern = (graph, uses, remove) => {
  const fused: OpNode[] = [];
  for (const mul of graph.nodes) {
    if (mul.op !== 'Mul' || mul.inputs.length !== 2 || remove.has(mul)) continue;
    for (const [x, s] of [mul.inputs, [...mul.inputs].reverse()]) {
      const sigmoid = uses.producer(s);
      if (is(sigmoid, 'Sigmoid') && sigmoid.inputs[0] === x && uses.only(s) === mul) {
        remove.add(sigmoid).add(mul);
        fused.push(fusedNode(mul, 'Silu', [x], mul.name));
        break;
      }
    }
  }
  return fused;
};

/** 0.5·x·(1 + Erf(x/√2)), in PyTorch's order or with the halving first → Gelu(x). */
const gelu: Pattern = (graph, uses, remove) => {
  const fused: OpNode[] = [];
  for (const erf of graph.nodes) {
    if (erf.op !== 'Erf') continue;
    const scaled = uses.producer(erf.inputs[0]);
    if (!scaled || uses.only(erf.inputs[0]) !== erf) continue;
    let x: string | undefined;
    if (scaled.op === 'Div' && near(scalar(graph, scaled.inputs[1]), SQRT2)) x = scaled.inputs[0];
    if (scaled.op === 'Mul') {
      const [a, b] = scaled.inputs;
      if (near(scalar(graph, b), 1 / SQRT2)) x = a;
      else if (near(scalar(graph, a), 1 / SQRT2)) x = b;
    }
    const plusOne = uses.only(erf.outputs[0]);
    if (!x || !is(plusOne, 'Add') || !near(scalar(graph, other(plusOne, erf.outputs[0])!), 1))
      continue;
    const times = uses.only(plusOne.outputs[0]);
    if (!is(times, 'Mul')) continue;
    const factor = other(times, plusOne.outputs[0])!;
    const chain = [scaled, erf, plusOne, times];
    let last: OpNode | undefined;
    if (factor === x) {
      const half = uses.only(times.outputs[0]);
      if (is(half, 'Mul') && near(scalar(graph, other(half, times.outputs[0])!), 0.5)) {
        chain.push(half);
        last = half;
      }
    } else {
      const half = uses.producer(factor);
      const halved = half && other(half, x);
      if (
        is(half, 'Mul') &&
        halved &&
        near(scalar(graph, halved), 0.5) &&
        uses.only(factor) === times
      ) {
        chain.push(half);
        last = times;
      }
    }
    if (!last) continue;
    for (const node of chain) remove.add(node);
    fused.push(fusedNode(last, 'Gelu', [x], chain[0].name));
  }
  return fused;
};

/** The axes a ReduceMean reduces: an attribute until opset 18, an input since. */
function reducedAxes(graph: OnnxGraph, node: OpNode): number[] | undefined {
  if (node.attrs.has('axes')) return node.attrs.ints('axes', []);
  const axes = node.inputs[1] ? graph.constants.get(node.inputs[1]) : undefined;
  return axes ? Array.from(axes.data) : undefined;
}

const sameAxes = (a: number[] | undefined, b: number[] | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * (x − mean(x)) / √(mean((x − mean(x))²) + ε) · γ + β over some axes → one LayerNorm node with
 * inputs [x, γ, β] ("" where the affine part is missing). Which axes a layer norm may reduce
 * depends on the tensor's layout, which only conversion knows, so they are kept in `fused`.
 */
const layerNorm: Pattern = (graph, uses, remove) => {
  const fused: OpNode[] = [];
  for (const mean of graph.nodes) {
    if (mean.op !== 'ReduceMean' || mean.attrs.int('keepdims', 1) !== 1) continue;
    const x = mean.inputs[0];
    const axes = reducedAxes(graph, mean);
    const centre = uses.only(mean.outputs[0]);
    if (!is(centre, 'Sub') || centre.inputs[0] !== x || centre.inputs[1] !== mean.outputs[0])
      continue;
    const d = centre.outputs[0];
    if (uses.count(d) !== 2) continue;
    const square = uses.readersOf(d).find((n) => n.op === 'Pow');
    const divide = uses.readersOf(d).find((n) => n.op === 'Div');
    if (!square || !divide || square.inputs[0] !== d || scalar(graph, square.inputs[1]) !== 2)
      continue;
    const variance = uses.only(square.outputs[0]);
    if (!is(variance, 'ReduceMean') || !sameAxes(reducedAxes(graph, variance), axes)) continue;
    const plusEps = uses.only(variance.outputs[0]);
    const epsilon = plusEps && scalar(graph, other(plusEps, variance.outputs[0]) ?? '');
    if (!is(plusEps, 'Add') || epsilon === undefined) continue;
    const root = uses.only(plusEps.outputs[0]);
    if (!is(root, 'Sqrt') || uses.only(root.outputs[0]) !== divide) continue;
    if (divide.inputs[0] !== d || divide.inputs[1] !== root.outputs[0]) continue;

    const chain = [mean, centre, square, variance, plusEps, root, divide];
    let last = divide;
    let gamma = '';
    let beta = '';
    const scale = uses.only(divide.outputs[0]);
    const g = scale && other(scale, divide.outputs[0]);
    if (is(scale, 'Mul') && g && graph.constants.has(g)) {
      chain.push(scale);
      last = scale;
      gamma = g;
      const shift = uses.only(scale.outputs[0]);
      const b = shift && other(shift, scale.outputs[0]);
      if (is(shift, 'Add') && b && graph.constants.has(b)) {
        chain.push(shift);
        last = shift;
        beta = b;
      }
    }
    for (const node of chain) remove.add(node);
    fused.push({
      ...fusedNode(last, 'LayerNorm', [x, gamma, beta], mean.name),
      fused: { axes: axes ?? [], epsilon },
    });
  }
  return fused;
};

/** The axes an Unsqueeze inserts: an attribute until opset 13, an input since. */
function unsqueezedAxes(graph: OnnxGraph, node: OpNode): number[] | undefined {
  if (node.attrs.has('axes')) return node.attrs.ints('axes', []);
  const axes = node.inputs[1] ? graph.constants.get(node.inputs[1]) : undefined;
  return axes ? Array.from(axes.data) : undefined;
}

/**
 * One channel of `channelAffine`: Unsqueeze(Gather(x, c, axis 1), 1), then optionally a Mul and
 * an Add by scalar constants, as `x[:, c].unsqueeze(1) * s + b` exports. Its chain when it is one.
 */
function channelTerm(graph: OnnxGraph, uses: Uses, tensor: string) {
  const chain: OpNode[] = [];
  let t = tensor;
  /** The node of type `op` that writes t, when only the chain reads t. */
  const step = (op: string): OpNode | undefined => {
    const node = uses.producer(t);
    return is(node, op) && uses.only(t) !== undefined ? node : undefined;
  };
  /** The scalar operand of a two-input node, stepping t to its other operand. */
  const scalarOf = (node: OpNode | undefined): number | undefined => {
    if (!node || node.inputs.length !== 2) return undefined;
    const [a, b] = node.inputs;
    const [value, x] =
      scalar(graph, b) !== undefined ? [scalar(graph, b), a] : [scalar(graph, a), b];
    if (value === undefined || graph.constants.has(x)) return undefined;
    chain.push(node);
    t = x;
    return value;
  };
  const shift = scalarOf(step('Add')) ?? 0;
  const scale = scalarOf(step('Mul')) ?? 1;
  const unsqueeze = step('Unsqueeze');
  const axes = unsqueeze && unsqueezedAxes(graph, unsqueeze);
  if (!unsqueeze || !axes || axes.length !== 1 || axes[0] !== 1) return undefined;
  t = unsqueeze.inputs[0];
  const gather = step('Gather');
  const index = gather?.inputs[1] ? graph.constants.get(gather.inputs[1]) : undefined;
  if (!gather || gather.attrs.int('axis', 0) !== 1 || !index || index.dims.length !== 0)
    return undefined;
  chain.push(unsqueeze, gather);
  return { x: gather.inputs[0], channel: index.data[0], scale, shift, chain };
}

/**
 * Concat on axis 1 of every channel of x in order, each scaled and shifted by constants →
 * ChannelAffine(x) (torchvision's GoogLeNet and Inception v3 re-normalise their input so, with
 * `transform_input`).
 */
const channelAffine: Pattern = (graph, uses, remove) => {
  const fused: OpNode[] = [];
  for (const concat of graph.nodes) {
    if (concat.op !== 'Concat' || concat.attrs.int('axis', 0) !== 1 || concat.inputs.length < 2)
      continue;
    const terms = concat.inputs.map((t) => channelTerm(graph, uses, t));
    const x = terms[0]?.x;
    if (!terms.every((term, c) => term && term.x === x && term.channel === c)) continue;
    for (const term of terms) for (const node of term!.chain) remove.add(node);
    remove.add(concat);
    fused.push({
      ...fusedNode(concat, 'ChannelAffine', [x!], concat.name),
      affine: { scale: terms.map((t) => t!.scale), shift: terms.map((t) => t!.shift) },
    });
  }
  return fused;
};

/** The pads of a constant-zero Pad over H and W as [top, left, bottom, right], else undefined. */
function zeroPads(graph: OnnxGraph, pad: OpNode): number[] | undefined {
  if (pad.op !== 'Pad' || pad.attrs.string('mode', 'constant') !== 'constant') return undefined;
  const pads = pad.attrs.has('pads')
    ? pad.attrs.ints('pads', [])
    : Array.from(graph.constants.get(pad.inputs[1])?.data ?? []);
  const value = pad.attrs.has('value')
    ? pad.attrs.float('value', 0)
    : (scalar(graph, pad.inputs[2] ?? '') ?? 0);
  if (pads.length !== 8 || value !== 0 || pads.some((p) => !Number.isInteger(p) || p < 0)) {
    return undefined;
  }
  const [n0, c0, t, l, n1, c1, b, r] = pads;
  return n0 || c0 || n1 || c1 ? undefined : [t, l, b, r];
}

/** A Pad that adds nothing (PyTorch writes one before some pools) → Identity. */
const emptyPad: Pattern = (graph, _uses, remove) =>
  graph.nodes
    .filter((pad) => zeroPads(graph, pad)?.every((p) => p === 0))
    .map((pad) => {
      remove.add(pad);
      return fusedNode(pad, 'Identity', [pad.inputs[0]], pad.name);
    });

/** Pad with zeros before a Conv → the Conv's own padding. */
const convPad: Pattern = (graph, uses, remove) => {
  const fused: OpNode[] = [];
  for (const pad of graph.nodes) {
    const pads = zeroPads(graph, pad);
    const conv = pads && uses.only(pad.outputs[0]);
    if (!pads || !is(conv, 'Conv') || conv.inputs[0] !== pad.outputs[0]) continue;
    if (conv.attrs.string('auto_pad', 'NOTSET') !== 'NOTSET') continue;
    const own = conv.attrs.ints('pads', [0, 0, 0, 0]);
    remove.add(pad).add(conv);
    fused.push({
      ...conv,
      inputs: [pad.inputs[0], ...conv.inputs.slice(1)],
      attrs: withInts(
        conv,
        'pads',
        own.map((p, i) => p + pads[i]),
      ),
    });
  }
  return fused;
};

function withInts(node: OpNode, name: string, values: number[]) {
  const base = node.attrs;
  return {
    ...base,
    has: (n: string) => n === name || base.has(n),
    ints: (n: string, fallback: number[]) => (n === name ? values : base.ints(n, fallback)),
  };
}

// The label is the report's; the fused nodes of the others are counted when they are converted.
const PATTERNS: [Pattern, string | null][] = [
  [channelAffine, null],
  [emptyPad, 'Pad of nothing was dropped'],
  [convPad, 'Pad with zeros became the padding of the Conv after it'],
  [gelu, null],
  [silu, null],
  [layerNorm, null],
];

/** Rewrites the graph's nodes in place, pattern by pattern; returns what was fused. */
export function fusePatterns(graph: OnnxGraph): Fusion[] {
  const fusions: Fusion[] = [];
  for (const [pattern, label] of PATTERNS) {
    const remove = new Set<OpNode>();
    const fused = pattern(graph, new Uses(graph), remove);
    if (fused.length === 0) continue;
    // Each fused node takes the place of the chain's last node, so the order stays topological.
    const byOutput = new Map(fused.map((n) => [n.outputs[0], n]));
    graph.nodes = graph.nodes.flatMap((n) => {
      const replacement = byOutput.get(n.outputs[0]);
      if (replacement && remove.has(n)) return [replacement];
      return remove.has(n) ? [] : [n];
    });
    if (label) fusions.push({ label, count: fused.length });
  }
  return fusions;
}
