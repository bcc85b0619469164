// TensorFlow.js export, loaded by @tensorflow/tfjs itself (CPU backend) from the exported
// model.json and weights bytes, must predict what the engine predicts.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTfjs, type TfjsExport } from '../../src/engine/export/index';
import { chain } from '../engine/models';
import {
  exportedModels,
  maxAbsDiff,
  randomInput,
  randomNetwork,
  templates,
  toNhwc,
} from './models';
import { reportDiffs } from './report';

const BATCH = 3;
const measured: Record<string, number> = {};

/** Loads the export as a browser would fetch it: the JSON text and the .bin bytes. */
async function load({ modelJson, weightsBin }: TfjsExport): Promise<tf.LayersModel> {
  const json = JSON.parse(JSON.stringify(modelJson)) as TfjsExport['modelJson'];
  const bytes = weightsBin.slice();
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bytes.buffer,
    }),
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => reportDiffs('TensorFlow.js', measured));

describe('TensorFlow.js export', () => {
  for (const { name, doc } of exportedModels()) {
    it(`${name}: max abs difference to the engine ≤ 1e-4`, async () => {
      const network = randomNetwork(doc);
      const model = await load(exportTfjs(network));
      const x = randomInput(network, BATCH);
      const [c, h, w] = network.inputShape;
      const input = tf.tensor4d(toNhwc(x, network.inputShape), [BATCH, h, w, c]);
      const output = model.predict(input) as tf.Tensor;
      const theirs = output.dataSync();
      tf.dispose([input, output]);
      model.dispose();
      const diff = maxAbsDiff(network.predict(x, BATCH), theirs);
      measured[name] = diff;
      expect(diff).toBeLessThanOrEqual(1e-4);
    });
  }

  it('pads like the contract: Keras "same" where it places windows alike, zeros elsewhere', () => {
    const doc = templates().find((t) => t.name === 'branches')!.doc;
    const { layers } = exportTfjs(randomNetwork(doc)).modelJson.modelTopology.config;
    const padding = (name: string) => layers.find((l) => l.name === name)?.config.padding;
    expect(padding('b')).toBe('same'); // odd [3, 5] kernel, stride 1
    expect(padding('pm')).toBe('same'); // max pool: Keras skips padded cells as the contract does
    expect(padding('e.pad')).toEqual([
      [2, 2],
      [1, 1],
    ]); // even kernel: Keras would pad one side less
    // Max pool after a ReLU: a padded 0 never wins, so zeros then a valid pool.
    expect(padding('p2.pad')).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(padding('p2')).toBe('valid');
    // Average pool: padded zeros count in the divisor, as Keras's valid pool over zeros does.
    expect(padding('avg.pad')).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(padding('avg')).toBe('valid');
    expect(layers.some((l) => l.name === 'c.stride')).toBe(true); // stride with dilation
  });

  it('gives an image output channels-last', async () => {
    const network = randomNetwork(
      chain(
        [3, 5, 5],
        [{ type: 'conv2d', params: { filters: 2, kernelSize: 2, padding: 'same' } }],
      ),
    );
    const model = await load(exportTfjs(network));
    const x = randomInput(network, 2);
    const output = model.predict(tf.tensor4d(toNhwc(x, [3, 5, 5]), [2, 5, 5, 3])) as tf.Tensor;
    expect(output.shape).toEqual([2, 4, 4, 2]);
    expect(maxAbsDiff(toNhwc(network.predict(x, 2), [2, 4, 4]), output.dataSync())).toBeLessThan(
      1e-5,
    );
  });

  it('pools a padded max pool over values that may be negative in blocks, without padding', async () => {
    // Keras pads with zeros, which would beat negative values: the windows cut short at the
    // border are pooled on their own instead, each over its own cells.
    const network = randomNetwork(
      chain([1, 6, 6], [{ id: 'pool', type: 'maxpool2d', params: { poolSize: 2, padding: 1 } }]),
    );
    const exported = exportTfjs(network);
    const { layers } = exported.modelJson.modelTopology.config;
    expect(layers.map((l) => l.class_name)).not.toContain('ZeroPadding2D');
    expect(layers.filter((l) => l.class_name === 'MaxPooling2D')).toHaveLength(9);
    const model = await load(exported);
    const x = randomInput(network, 2);
    const output = model.predict(tf.tensor4d(x, [2, 6, 6, 1])) as tf.Tensor;
    expect(output.shape).toEqual([2, 4, 4, 1]);
    expect(maxAbsDiff(network.predict(x, 2), output.dataSync())).toBe(0);
  });

  it('lowers the lineage layers to the Keras layers that compute them', () => {
    const byName = (name: string) => {
      const doc = exportedModels().find((t) => t.name === name)!.doc;
      const { modelJson } = exportTfjs(randomNetwork(doc));
      const layers = modelJson.modelTopology.config.layers;
      const weights = new Map(modelJson.weightsManifest[0].weights.map((w) => [w.name, w.shape]));
      return { layer: (n: string) => layers.find((l) => l.name === n)!, layers, weights };
    };
    const grouped = byName('grouped-conv');
    // Groups 2: a full convolution with block-diagonal weights.
    expect(grouped.layer('g2').class_name).toBe('Conv2D');
    expect(grouped.weights.get('g2/kernel')).toEqual([3, 3, 4, 6]);
    // Depthwise, with a multiplier and strided, is DepthwiseConv2D; dilated, a full convolution.
    expect(grouped.layer('dw2').class_name).toBe('DepthwiseConv2D');
    expect(grouped.layer('dw2').config.depth_multiplier).toBe(2);
    expect(grouped.weights.get('dw2/depthwise_kernel')).toEqual([3, 5, 6, 2]);
    expect(grouped.layer('dwd').class_name).toBe('Conv2D');
    expect(grouped.weights.get('dwd/kernel')).toEqual([3, 3, 12, 12]);
    // SiLU is Keras' swish; GELU its exact (erf) gelu.
    expect(grouped.layer('dw').config.activation).toBe('swish');
    expect(grouped.layer('f1').config.activation).toBe('gelu');
    expect(grouped.layer('g2').config.activation).toBe('relu6');

    const se = byName('multiply');
    expect(se.layer('se.scale2')).toMatchObject({
      class_name: 'Reshape',
      config: { target_shape: [1, 1, 4] },
    });
    expect(se.layer('se').class_name).toBe('Multiply');

    const norm = byName('layernorm');
    expect(norm.layer('ln0')).toMatchObject({
      class_name: 'LayerNormalization',
      config: { axis: -1, epsilon: 1e-3 },
    });

    // A padded max pool over signed values in ceil mode: windows of 2, 3 and 1 cells on each
    // axis, 3 × 3 blocks of equal windows, joined again.
    const ceil = byName('ceil-pooling');
    expect(ceil.layers.filter((l) => /^mp\.\d\.\d$/.test(l.name))).toHaveLength(9);
    expect(ceil.layer('mp').class_name).toBe('Concatenate');
    // An extra window cut short, without padding: TensorFlow's "same" places it as the engine.
    expect(ceil.layer('ap0').config.padding).toBe('same');
    // Average pooling's padding as counted zeros, then the same.
    expect(ceil.layer('ap.pad').class_name).toBe('ZeroPadding2D');
    expect(ceil.layer('ap').config.padding).toBe('same');
  });

  it('names layers tfjs accepts for ids that start with _ or -', async () => {
    const network = randomNetwork(
      chain(
        [1, 4, 4],
        [
          { id: '_c', type: 'conv2d', params: { filters: 2, kernelSize: 3 } },
          { id: '-f', type: 'flatten' },
          { id: 'out', type: 'dense', params: { units: 3 } },
        ],
      ),
    );
    const model = await load(exportTfjs(network));
    expect(model.layers.map((l) => l.name)).toContain('n._c');
    const x = randomInput(network, 1);
    const output = model.predict(tf.tensor4d(x, [1, 4, 4, 1])) as tf.Tensor;
    expect(maxAbsDiff(network.predict(x, 1), output.dataSync())).toBeLessThan(1e-5);
  });
});
