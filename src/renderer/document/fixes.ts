// One-click fixes for the problems the engine reports. Each candidate is tried on a copy of the
// document and offered only when it makes its problem go away and leaves no more problems than
// before, so a button never promises more than it does. (A fix may let shapes further on be known
// again and show a problem there, as a smaller pooling window does for a kernel after it.)

import {
  inspectModel,
  layerDef,
  type ModelDocument,
  type ModelInspection,
  type Problem,
} from '../../engine';
import { addNodes, connect, connectionRefusal, insertOnEdge, setParam } from './edits';
import { freshId, idsOf } from './ids';
import { COLUMN_STEP } from './layout';
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
    fixes.push(...windowFixes(problem.field, node.id, node.type, inputShape, doc));
  }
  if (problem.field === 'classes' && node.type === 'dense' && doc.classes) {
    const units = doc.classes.length;
    fixes.push({
      label: `Set units to ${units}`,
      apply: (d) => setParam(d, node.id, 'units', units),
    });
  }
  if (problem.field === 'edges') {
    const from = mainOutput(doc, inspection, node.id);
    if (from) {
      fixes.push({ label: `Connect from "${from}"`, apply: (d) => connect(d, from, node.id) });
    }
  }
  return fixes;
}

function insert(type: string, label: string, from: string, to: string): Fix {
  return {
    label,
    apply: (d) => insertOnEdge(d, from, to, starterNode(freshId(idsOf(d), type), type)),
  };
}

/** Padding "same" or the largest window that fits the input, for a window larger than its input. */
function windowFixes(
  setting: 'kernelSize' | 'poolSize',
  id: string,
  type: string,
  input: number[],
  doc: ModelDocument,
): Fix[] {
  const params = doc.nodes.find((n) => n.id === id)?.params ?? {};
  const fixes: Fix[] = [];
  if (type === 'conv2d' && params.padding !== 'same') {
    fixes.push({ label: 'Use padding "same"', apply: (d) => setParam(d, id, 'padding', 'same') });
  }
  const largest = Math.min(input[1], input[2]);
  if (largest >= 1) {
    const label = setting === 'kernelSize' ? `Use kernel ${largest}` : `Use pool size ${largest}`;
    fixes.push({ label, apply: (d) => setParam(d, id, setting, largest) });
  }
  return fixes;
}

/**
 * The node the model's chain currently ends in: the last node, in running order, whose shape is
 * known and that feeds nothing, when an edge from it to `to` is allowed.
 */
function mainOutput(doc: ModelDocument, inspection: ModelInspection, to: string): string | null {
  const def = layerDef(inspection.nodes.get(to)?.type ?? '');
  if (!def || def.arity === 'none') return null;
  const feeding = new Set(doc.edges.map((e) => e.from));
  const ends = inspection.order.filter(
    (id) => id !== to && !feeding.has(id) && inspection.nodes.get(id)?.summary?.outputShape != null,
  );
  const from = ends.at(-1);
  return from !== undefined && connectionRefusal(doc, from, to) === null ? from : null;
}

/** An input left of everything, wired to the first layer that waits for one. */
function addInput(): Fix {
  return {
    label: 'Add an input',
    apply: (d) => {
      const id = freshId(idsOf(d), 'input');
      const xs = d.nodes.map((n) => n.position?.x ?? 0);
      const ys = d.nodes.map((n) => n.position?.y ?? 0);
      const position = { x: Math.min(...xs) - COLUMN_STEP, y: Math.min(...ys) };
      const fed = new Set(d.edges.map((e) => e.to));
      const first = d.nodes.find((n) => layerDef(n.type)?.arity === 'one' && !fed.has(n.id));
      const edges = first ? [{ from: id, to: first.id }] : [];
      return addNodes(d, [starterNode(id, 'input', position)], edges);
    },
  };
}
