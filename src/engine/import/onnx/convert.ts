import type { ModelDocument } from '../../model/types';
import { DocumentBuilder } from '../document';
import { ImportError, type ImportProblem } from '../errors';
import { idFromName, modulePath, sanitizeId } from '../ids';
import { Unmappable, type ConvertContext, type Value } from './context';
import type { OnnxGraph, OpNode } from './graph';
import { CONVERTERS } from './ops';
import { Uses } from './uses';
import { quote } from '../../quote';

// The walk over the operators, in the file's topological order: each becomes a layer, part of
// one, or nothing. Every node that cannot be mapped is collected, so the error names them all.

export interface Conversion {
  document: ModelDocument;
  /** "<what> <how>" → how many times, e.g. "Clip(0, 6)" + "became relu6" → 12. */
  counts: Map<string, number>;
  /** Layers left out because they do not lead to the output. */
  dropped: number;
}

/** A tensor a failed node should have written: its readers are not reported again. */
class Missing extends Error {}

export function convertGraph(graph: OnnxGraph, name: string | undefined): Conversion {
  const builder = new DocumentBuilder();
  const values = new Map<string, Value>();
  const missing = new Set<string>();
  const counts = new Map<string, number>();
  const uses = new Uses(graph);

  values.set(graph.input.name, inputValue(graph, builder));

  const ctx: ConvertContext = {
    opset: graph.opset,
    builder,
    tensor(tensorName) {
      const value = values.get(tensorName);
      if (value) return value;
      if (missing.has(tensorName)) throw new Missing();
      if (graph.constants.has(tensorName))
        throw new Unmappable(
          `it reads the constant ${quote(tensorName)} where a layer's output is expected`,
        );
      throw new Unmappable(`it reads ${quote(tensorName)}, which no node writes`);
    },
    constant: (tensorName) => graph.constants.get(tensorName),
    weight(tensorName, what) {
      const c = graph.constants.get(tensorName);
      if (!c)
        throw new Unmappable(
          `its ${what} ${quote(tensorName)} is computed in the graph, not a constant`,
        );
      return c;
    },
    uses: (tensorName) => uses.count(tensorName),
    emit(node, layer) {
      const id = builder.add({
        type: layer.type,
        params: layer.params,
        inputs: layer.inputs.map((v) => v.node),
        id: idFromName(node.name, node.op),
        label: modulePath(node.name) ?? undefined,
        weights: layer.weights,
      });
      const value: Value = { node: id, form: layer.form, dims: layer.dims, direct: true };
      values.set(node.outputs[0], value);
      return value;
    },
    alias(node, value) {
      values.set(node.outputs[0], value);
    },
    count(what, how) {
      const key = `${what} ${how}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  };

  const problems: ImportProblem[] = [];
  for (const node of graph.nodes) {
    const converter = CONVERTERS[node.op];
    try {
      if (!converter) throw new Unmappable(`CNN Studio has no layer for ${node.op}`);
      converter(node, ctx);
    } catch (e) {
      for (const output of node.outputs) missing.add(output);
      if (e instanceof Missing) continue;
      if (!(e instanceof Unmappable)) throw e;
      problems.push(unmapped(node, e.message));
    }
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new ImportError([
      { message: `${n} ONNX node${n === 1 ? '' : 's'} cannot be mapped to CNN Studio layers:` },
      ...problems,
    ]);
  }

  const output = values.get(graph.output);
  if (!output)
    throw new ImportError(
      `The model's output ${quote(graph.output)} is not the output of a layer.`,
    );
  const classes = classesOf(graph, output);
  const { document, dropped } = builder.build(output.node, {
    name,
    ...(classes ? { classes } : {}),
  });
  return { document, counts, dropped };
}

function unmapped(node: OpNode, reason: string): ImportProblem {
  return {
    node: node.name,
    op: node.op,
    message: `  ${quote(node.name)} (${node.op}): ${reason}.`,
  };
}

function inputValue(graph: OnnxGraph, builder: DocumentBuilder): Value {
  const { name, dims } = graph.input;
  const id = sanitizeId(name);
  if (dims.length === 3) {
    const [channels, height, width] = dims;
    const node = builder.add({
      type: 'input',
      params: { channels, height, width },
      inputs: [],
      id,
    });
    return { node, form: 'image', dims, direct: false };
  }
  // An [N, F] input is a 1×1×F image flattened: the same values in the same order.
  const features = dims[0];
  const image = builder.add({
    type: 'input',
    params: { channels: 1, height: 1, width: features },
    inputs: [],
    id,
  });
  const node = builder.add({ type: 'flatten', inputs: [image], id: `${id}_flat` });
  return { node, form: 'vector', dims, direct: false };
}

/** Class names our own export writes into the metadata, when they fit the output. */
function classesOf(graph: OnnxGraph, output: Value): string[] | undefined {
  const text = graph.metadata.get('classes');
  if (!text) return undefined;
  try {
    const classes: unknown = JSON.parse(text);
    const fits =
      Array.isArray(classes) &&
      classes.length === output.dims.reduce((a, b) => a * b, 1) &&
      classes.every((c) => typeof c === 'string');
    return fits ? (classes as string[]) : undefined;
  } catch {
    return undefined;
  }
}
