// One-click fixes for the problems the engine reports. Each candidate is tried on a copy of the
// document and offered only when it makes its problem go away and leaves no more problems than
// before, so a button never promises more than it does. (A fix may let shapes further on be known
// again and show a problem there, as a smaller pooling window does for a kernel after it.)

import {
  inspectModel,
  layerDef,
  type ModelDocument,
  type ModelInspection,
  type NodeInspection,
  type Problem,
} from '../../engine';
import { possibleGroups } from '../../engine/layers/conv2d';
import {
  addNodes,
  connect,
  connectionRefusal,
  insertOnEdge,
  moveIntoChain,
  removeElements,
  setParam,
} from './edits';
import { freshId, idsOf } from './ids';
import { CHAIN_STEP } from './geometry';
import { starterNode } from './starters';

export interface Fix {
  label: string;
  apply(doc: ModelDocument): ModelDocument;
}

export function fixesFor(problem: Problem, doc: ModelDocument, inspection: ModelInspection): Fix[] {
  return candidates(problem, doc, inspection).filter((fix) => {
    const after = inspectModel(fix.apply(doc));
    const solved = !after.problems.some(
      (p) => p.nodeId === problem.nodeId && p.message === problem.message,
    );
    return solved && after.problems.length <= inspection.problems.length;
  });
}

function candidates(problem: Problem, doc: ModelDocument, inspection: ModelInspection): Fix[] {
  if (problem.nodeId === undefined) return problem.field === 'nodes' ? [addInput()] : [];
  const node = inspection.nodes.get(problem.nodeId);
  if (!node) return [];
  const sources = inspection.inputsOf.get(node.id) ?? [];
  const inputShape =
    sources.length === 1 ? inspection.nodes.get(sources[0])?.summary?.outputShape : undefined;
  const fixes: Fix[] = [];

  if (node.summary?.error && problem.field === undefined && inputShape?.length === 3) {
    // A flat-input layer (dense, softmax) on an image.
    fixes.push(insert('flatten', 'Insert Flatten', sources[0], node.id));
    fixes.push(insert('globalavgpool', 'Insert GlobalAvgPool', sources[0], node.id));
  }
  if ((problem.field === 'kernelSize' || problem.field === 'poolSize') && inputShape) {
    fixes.push(...windowFixes(problem.field, node, inputShape, doc));
  }
  const inputShapes = sources.map((id) => inspection.nodes.get(id)?.summary?.outputShape);
  if (node.summary?.error && problem.field === undefined && sources.length > 1) {
    const known = inputShapes.filter((shape) => shape != null);
    if (known.length === sources.length) {
      fixes.push(...mergeFixes(node.id, node.type, sources, known, inspection));
    }
  }
  if (problem.field === 'groups' && node.type === 'conv2d' && inputShape) {
    fixes.push(...groupFixes(node.id, inputShape[0], doc));
  }
  if (problem.field === 'classes' && node.type === 'dense' && doc.classes) {
    const units = doc.classes.length;
    fixes.push({
      label: `Set units to ${units}`,
      apply: (d) => setParam(d, node.id, 'units', units),
    });
  }
  if (problem.field === 'edges' && sources.length === 0) {
    const from = mainOutput(doc, inspection, node.id);
    if (from) {
      fixes.push({ label: `Connect from "${from}"`, apply: (d) => connect(d, from, node.id) });
    }
  }
  if (problem.field === 'edges' && /\boutputs\b/.test(problem.message)) {
    fixes.push(...extraOutputFixes(doc, inspection));
  }
  return fixes;
}

function insert(type: string, label: string, from: string, to: string): Fix {
  return {
    label,
    apply: (d) => insertOnEdge(d, from, to, starterNode(freshId(idsOf(d), type), type)),
  };
}

/**
 * Padding "same" or the largest window that fits the input, for a window larger than its input:
 * a dilated kernel spans d·(k − 1) + 1 pixels, and padding adds room on both sides.
 */
function windowFixes(
  setting: 'kernelSize' | 'poolSize',
  node: NodeInspection,
  input: number[],
  doc: ModelDocument,
): Fix[] {
  const { id, type, config } = node;
  const params = doc.nodes.find((n) => n.id === id)?.params ?? {};
  const fixes: Fix[] = [];
  if (type === 'conv2d' && params.padding !== 'same') {
    fixes.push({ label: 'Use padding "same"', apply: (d) => setParam(d, id, 'padding', 'same') });
  }
  const dilation = pairOf(config?.dilation, 1);
  const pad = pairOf(config?.padding, 0);
  const fits = (axis: 0 | 1) =>
    Math.floor((input[axis + 1] + 2 * pad[axis] - 1) / dilation[axis]) + 1;
  const [h, w] = [fits(0), fits(1)];
  if (h >= 1 && w >= 1) {
    const value = h === w ? h : [h, w];
    const size = h === w ? String(h) : `${h}×${w}`;
    const label = setting === 'kernelSize' ? `Use kernel ${size}` : `Use pool size ${size}`;
    fixes.push({ label, apply: (d) => setParam(d, id, setting, value) });
  }
  return fixes;
}

/** A window setting as [h, w]: a number is both; a named padding ("valid", "same") is `fallback`. */
function pairOf(value: unknown, fallback: number): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2) return [Number(value[0]), Number(value[1])];
  return [fallback, fallback];
}

/**
 * For a merge of images that do not match: each input unlike the main one (the input computed
 * last, the longest path) gets a 1×1 convolution to its channels (strided when the size differs
 * by a whole factor, as ResNet's projection shortcut) or, where only the size differs, a max pool.
 * Concat only needs equal sizes, so it only gets pools.
 */
function mergeFixes(
  id: string,
  type: string,
  sources: string[],
  shapes: number[][],
  inspection: ModelInspection,
): Fix[] {
  if (!shapes.every((s) => s.length === 3)) return [];
  const rank = (source: string) => inspection.order.indexOf(source);
  const main = sources.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const target = shapes[sources.indexOf(main)];
  const fixes: Fix[] = [];
  sources.forEach((source, i) => {
    const [c, h, w] = shapes[i];
    const sameSize = h === target[1] && w === target[2];
    const needsChannels = type !== 'concat' && c !== target[0];
    if (sameSize && !needsChannels) return;
    // Rounded: a 7×7 input meets a 4×4 one after a stride of 2 rounding up.
    const factor = sameSize ? 1 : Math.round(h / target[1]);
    if (!sameSize && (factor < 2 || factor !== Math.round(w / target[2]))) return;
    if (needsChannels) {
      const stride = factor > 1 ? `, stride ${factor}` : '';
      fixes.push(
        insertConfigured(
          'conv2d',
          `Insert a 1×1 convolution after "${source}" (${target[0]} filters${stride})`,
          source,
          id,
          { filters: target[0], kernelSize: 1, ...(factor > 1 ? { stride: factor } : {}) },
        ),
      );
    } else {
      fixes.push(
        insertConfigured(
          'maxpool2d',
          `Insert a ${factor}×${factor} max pool after "${source}"`,
          source,
          id,
          { poolSize: factor, ...(h % factor !== 0 ? { ceilMode: true } : {}) },
        ),
      );
    }
  });
  return fixes;
}

function insertConfigured(
  type: string,
  label: string,
  from: string,
  to: string,
  params: Record<string, unknown>,
): Fix {
  return {
    label,
    apply: (d) => insertOnEdge(d, from, to, { id: freshId(idsOf(d), type), type, params }),
  };
}

/**
 * For a model with more than one output: a layer left dangling from a chain (added beside the
 * chain rather than into it) goes into the chain after the layer that feeds it, or is removed.
 */
function extraOutputFixes(doc: ModelDocument, inspection: ModelInspection): Fix[] {
  const feeding = new Set(doc.edges.map((e) => e.from));
  const sinks = inspection.order.filter((id) => !feeding.has(id));
  // The output is the end of the longest path; the others were left beside it.
  const depth = new Map<string, number>();
  for (const id of inspection.order) {
    const inputs = inspection.inputsOf.get(id) ?? [];
    depth.set(id, 1 + Math.max(0, ...inputs.map((i) => depth.get(i) ?? 0)));
  }
  const output = sinks.reduce((a, b) => (depth.get(b)! >= depth.get(a)! ? b : a));
  const fixes: Fix[] = [];
  for (const sink of sinks) {
    if (sink === output) continue;
    const inputs = inspection.inputsOf.get(sink) ?? [];
    const from = inputs[0];
    const def = layerDef(inspection.nodes.get(sink)?.type ?? '');
    if (inputs.length === 1 && def?.arity === 'one' && feeding.has(from)) {
      fixes.push({
        label: `Put "${sink}" into the chain after "${from}"`,
        apply: (d) => moveIntoChain(d, from, sink),
      });
    }
    fixes.push({ label: `Remove "${sink}"`, apply: (d) => removeElements(d, [sink]) });
  }
  return fixes;
}

/**
 * Group counts that fit the input's channels and the filters: the nearest below the one asked
 * for, and depthwise (one group per channel) when the filters allow it.
 */
function groupFixes(id: string, channels: number, doc: ModelDocument): Fix[] {
  const params = doc.nodes.find((n) => n.id === id)?.params ?? {};
  const filters = typeof params.filters === 'number' ? params.filters : channels;
  const asked = typeof params.groups === 'number' ? params.groups : 1;
  const fits = possibleGroups(channels, filters);
  const below = fits.filter((g) => g < asked).at(-1) ?? 1;
  const choices = new Set([below, ...(fits.includes(channels) ? [channels] : [])]);
  return [...choices].map((groups) => ({
    label: groups === channels ? `Make it depthwise (groups ${groups})` : `Use groups ${groups}`,
    apply: (d: ModelDocument) => setParam(d, id, 'groups', groups === 1 ? undefined : groups),
  }));
}

/**
 * The node the model's chain currently ends in: the last node, in running order, whose shape is
 * known and that feeds nothing, when an edge from it to `to` is allowed. Never the layer that
 * gives the class scores: nothing follows the model's output (a pasted copy of a layer, say).
 */
function mainOutput(doc: ModelDocument, inspection: ModelInspection, to: string): string | null {
  const def = layerDef(inspection.nodes.get(to)?.type ?? '');
  if (!def || def.arity === 'none') return null;
  const feeding = new Set(doc.edges.map((e) => e.from));
  const ends = inspection.order.filter(
    (id) =>
      id !== to &&
      !feeding.has(id) &&
      inspection.nodes.get(id)?.summary?.outputShape != null &&
      !givesScores(inspection.nodes.get(id)!, doc),
  );
  const from = ends.at(-1);
  return from !== undefined && connectionRefusal(doc, from, to) === null ? from : null;
}

/** Whether a layer's output is the class scores: a softmax, or a vector of one value per class. */
function givesScores(node: NodeInspection, doc: ModelDocument): boolean {
  if (node.type === 'softmax' || node.config?.activation === 'softmax') return true;
  const shape = node.summary?.outputShape;
  return doc.classes !== undefined && shape?.length === 1 && shape[0] === doc.classes.length;
}

/** An input a step before everything, wired to the first layer that waits for one. */
function addInput(): Fix {
  return {
    label: 'Add an input',
    apply: (d) => {
      const id = freshId(idsOf(d), 'input');
      const xs = d.nodes.map((n) => n.position?.x ?? 0);
      const ys = d.nodes.map((n) => n.position?.y ?? 0);
      const position =
        d.nodes.length === 0
          ? { x: 0, y: 0 }
          : { x: Math.min(...xs) - CHAIN_STEP.x, y: Math.min(...ys) - CHAIN_STEP.y };
      const fed = new Set(d.edges.map((e) => e.to));
      const first = d.nodes.find((n) => layerDef(n.type)?.arity === 'one' && !fed.has(n.id));
      const edges = first ? [{ from: id, to: first.id }] : [];
      return addNodes(d, [starterNode(id, 'input', position)], edges);
    },
  };
}
