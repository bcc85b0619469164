import { float32Bytes } from '../weightLayout';
import { preprocessingOf, type Preprocessing } from '../preprocessing';
import { nonNegativeNodes } from '../signs';
import { exportGraph, type ExportSource } from '../source';
import { converters } from './layers';
import { kerasName, TopologyBuilder, type KerasLayer, type TfjsContext } from './topology';

export const TFJS_WEIGHTS_FILE = 'group1-shard1of1.bin';

/** model.json of the TensorFlow.js Layers format. */
export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: {
    class_name: 'Model';
    config: {
      name: string;
      layers: KerasLayer[];
      input_layers: [string, number, number][];
      output_layers: [string, number, number][];
    };
    backend: 'tensor_flow.js';
  };
  weightsManifest: {
    paths: string[];
    weights: { name: string; shape: number[]; dtype: 'float32' }[];
  }[];
  /** Not read by TensorFlow.js: how to prepare inputs, and what the outputs mean. */
  userDefinedMetadata: {
    inputLayout: 'NHWC';
    preprocessing: Preprocessing;
    classes?: string[];
  };
}

export interface TfjsExport {
  modelJson: TfjsModelJson;
  /** The one weights shard, `group1-shard1of1.bin`, float32 little-endian in manifest order. */
  weightsBin: Uint8Array;
}

/**
 * The model as a TensorFlow.js Layers model, channels-last: it takes [N, H, W, C] and computes
 * what the engine computes (an image output comes out [N, H, W, C]). Every layer has an exact
 * form in Keras' layers; the lowerings are in tfjs/layers.ts and tfjs/pooling.ts.
 */
export function exportTfjs(source: ExportSource): TfjsExport {
  const graph = exportGraph(source);
  const builder = new TopologyBuilder();
  const outputs = new Map<string, string>();
  const ctx: TfjsContext = {
    graph,
    output: (id) => outputs.get(id)!,
    shapeOf: graph.shapeOf,
    nameOf: kerasName,
    layer: (className, name, config, inputs) => builder.add(className, name, config, inputs),
    weight: (name, shape, values) => builder.weights.push({ name, shape, values }),
    nonNegative: nonNegativeNodes(graph),
  };
  for (const node of graph.nodes) outputs.set(node.id, converters[node.type](node, ctx));

  const { spec } = graph.network;
  const modelJson: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: 'CNN Studio',
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: {
        name: spec.name ?? 'model',
        layers: builder.layers,
        input_layers: [[outputs.get(graph.inputId)!, 0, 0]],
        output_layers: [[outputs.get(graph.outputId)!, 0, 0]],
      },
      backend: 'tensor_flow.js',
    },
    weightsManifest: [
      {
        paths: [TFJS_WEIGHTS_FILE],
        weights: builder.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })),
      },
    ],
    userDefinedMetadata: {
      inputLayout: 'NHWC',
      preprocessing: preprocessingOf(spec),
      ...(spec.classes ? { classes: [...spec.classes] } : {}),
    },
  };
  return { modelJson, weightsBin: float32Bytes(builder.weights.map((w) => w.values)) };
}
