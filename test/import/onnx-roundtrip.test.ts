// Our own ONNX export imports back as the same model: the same layers, settings, edges and ids,
// and predictions bit for bit.
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/engine/export/index';
import {
  createNetwork,
  importOnnxModel,
  parseModel,
  type ModelDocument,
  type NodeSpec,
} from '../../src/engine/index';
import { convPadding, type Conv2dConfig } from '../../src/engine/layers/conv2d';
import { randomInput, randomNetwork, templates } from '../export/models';

const BATCH = 3;
// ONNX keeps a convolution's padding as numbers, so "same" comes back as what it means.
const config = (n: NodeSpec) =>
  n.type === 'conv2d' ? { ...n.config, padding: convPadding(n.config as Conv2dConfig) } : n.config;

const structure = (doc: ModelDocument) => ({
  nodes: parseModel(doc).nodes.map((n) => ({ id: n.id, type: n.type, config: config(n) })),
  edges: doc.edges,
  classes: doc.classes,
});

describe('ONNX import of our own export', () => {
  for (const { name, doc } of templates()) {
    it(`${name}: same model, bit-identical predictions`, () => {
      const network = randomNetwork(doc);
      const { document } = importOnnxModel(exportOnnx(network));
      expect(structure(document)).toEqual(structure(network.toJSON() as ModelDocument));
      const x = randomInput(network, BATCH);
      const imported = createNetwork(parseModel(document));
      expect(Array.from(imported.predict(x, BATCH))).toEqual(Array.from(network.predict(x, BATCH)));
    });
  }
});
