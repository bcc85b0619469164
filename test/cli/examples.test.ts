import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNetwork, parseModel, summarize } from '../../src/engine/index';
import { LINEAGE, lineageText } from '../../scripts/examples/lineage';

// The shipped templates are valid model documents for 28×28 digits with ten class scores.

const folder = join(import.meta.dirname, '..', '..', 'examples');
const TEMPLATES = [
  'alexnet-mini.json',
  'allconv.json',
  'convnext-mini.json',
  'densenet-mini.json',
  'efficientnet-mini.json',
  'inception-mini.json',
  'lenet5-classic.json',
  'lenet5.json',
  'mlp.json',
  'mobilenet-mini.json',
  'resnet-small.json',
  'vgg-small.json',
];

describe('examples/', () => {
  it('holds the twelve templates', async () => {
    expect((await readdir(folder)).filter((f) => f.endsWith('.json')).sort()).toEqual(TEMPLATES);
  });

  it.each(TEMPLATES)(
    '%s is a valid document that builds and predicts ten probabilities',
    async (file) => {
      const document: unknown = JSON.parse(await readFile(join(folder, file), 'utf8'));
      const spec = parseModel(document);
      const summary = summarize(spec);
      expect(summary.filter((s) => s.error)).toEqual([]);
      expect(summary[0].outputShape).toEqual([1, 28, 28]);
      expect(summary[summary.length - 1].outputShape).toEqual([10]);
      expect(spec.training).toMatchObject({ dataset: 'mnist', batchSize: 64 });
      const network = createNetwork(spec);
      expect(network.predict(new Float32Array(784), 1).length).toBe(10);
    },
  );

  it('both LeNet-5s have the 61,706 parameters of the paper', async () => {
    for (const file of ['lenet5.json', 'lenet5-classic.json']) {
      const spec = parseModel(JSON.parse(await readFile(join(folder, file), 'utf8')));
      expect(summarize(spec).reduce((sum, s) => sum + s.params, 0)).toBe(61_706);
    }
  });

  it.each(Object.keys(LINEAGE))(
    '%s is what scripts/examples/lineage.mjs builds (run it after changing a block)',
    async (file) => {
      expect(await readFile(join(folder, file), 'utf8')).toBe(await lineageText(file));
    },
  );

  it('the lineage templates use the layers of their step', async () => {
    const types = async (file: string) =>
      new Set(
        parseModel(JSON.parse(await readFile(join(folder, file), 'utf8'))).nodes.map((n) => {
          const c = n.config as { groups?: number; ceilMode?: boolean };
          return c.groups && c.groups > 1 ? 'grouped' : c.ceilMode ? `${n.type}-ceil` : n.type;
        }),
      );
    expect(await types('alexnet-mini.json')).toEqual(
      new Set(['input', 'conv2d', 'maxpool2d', 'flatten', 'dense', 'dropout']),
    );
    expect(await types('inception-mini.json')).toContain('maxpool2d-ceil');
    expect(await types('inception-mini.json')).toContain('concat');
    expect(await types('densenet-mini.json')).toContain('concat');
    expect(await types('densenet-mini.json')).toContain('avgpool2d');
    for (const type of ['grouped', 'relu6', 'add']) {
      expect(await types('mobilenet-mini.json')).toContain(type);
    }
    for (const type of ['grouped', 'silu', 'multiply', 'add']) {
      expect(await types('efficientnet-mini.json')).toContain(type);
    }
    for (const type of ['grouped', 'layernorm', 'add']) {
      expect(await types('convnext-mini.json')).toContain(type);
    }
  });

  it('the ResNet template adds its residual branches', async () => {
    const spec = parseModel(JSON.parse(await readFile(join(folder, 'resnet-small.json'), 'utf8')));
    expect(spec.inputsOf.b1_add).toEqual(['b1_bn2', 'stem_relu']);
    expect(spec.inputsOf.b2_add).toEqual(['b2_bn2', 'widen']);
  });
});
