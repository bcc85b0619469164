// ONNX export, run by onnxruntime-web's WASM backend in Node, must predict what the engine predicts.
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/engine/export/index';
import { maxAbsDiff, randomInput, randomNetwork, templates } from './models';
import { reportDiffs } from './report';

const BATCH = 3;
const measured: Record<string, number> = {};

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

afterAll(() => reportDiffs('ONNX Runtime', measured));

async function run(bytes: Uint8Array, input: Float32Array, dims: number[]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, dims) };
    const result = await session.run(feeds);
    const { inputNames, outputNames } = session;
    return { inputNames, outputNames, output: result[outputNames[0]] };
  } finally {
    await session.release();
  }
}

describe('ONNX export', () => {
  for (const { name, doc } of templates()) {
    it(`${name}: max abs difference to the engine ≤ 1e-4`, async () => {
      const network = randomNetwork(doc);
      const x = randomInput(network, BATCH);
      const { inputNames, outputNames, output } = await run(exportOnnx(network), x, [
        BATCH,
        ...network.inputShape,
      ]);
      expect(inputNames).toEqual([network.spec.order[0]]);
      expect(outputNames).toEqual([network.spec.order[network.spec.order.length - 1]]);
      expect(output.dims).toEqual([BATCH, ...network.outputShape]);
      const diff = maxAbsDiff(network.predict(x, BATCH), output.data as Float32Array);
      measured[name] = diff;
      expect(diff).toBeLessThanOrEqual(1e-4);
    });
  }

  it('fixes the batch at 1 when asked', async () => {
    const network = randomNetwork(templates()[1].doc);
    const bytes = exportOnnx(network, { dynamicBatch: false });
    const x = randomInput(network, 1);
    const { output } = await run(bytes, x, [1, ...network.inputShape]);
    expect(maxAbsDiff(network.predict(x, 1), output.data as Float32Array)).toBeLessThan(1e-4);
    await expect(run(bytes, randomInput(network, 2), [2, ...network.inputShape])).rejects.toThrow();
  });
});
