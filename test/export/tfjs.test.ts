// TensorFlow.js export, loaded by @tensorflow/tfjs itself (CPU backend) from the exported
// model.json and weights bytes, must predict what the engine predicts.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/index';
import { ExportError, exportTfjs, type TfjsExport } from '../../src/engine/export/index';
import { chain } from '../engine/models';
import { maxAbsDiff, randomInput, randomNetwork, templates, toNhwc } from './models';
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
  for (const { name, doc } of templates()) {
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
    expect(padding('p2.pad')).toBeDefined(); // max pool after a ReLU: a padded 0 never wins
    expect(padding('avg.pad')).toBeDefined(); // average pool: padded zeros count
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

  it('refuses a padded max pool over values that may be negative, naming the node', () => {
    const spec = parseModel(
      chain([1, 6, 6], [{ id: 'pool', type: 'maxpool2d', params: { poolSize: 2, padding: 1 } }]),
    );
    expect(() => exportTfjs(spec)).toThrow(ExportError);
    expect(() => exportTfjs(spec)).toThrow(/node "pool" \(maxpool2d\).*ReLU/);
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
