// ONNX export, run by onnxruntime-web's WASM backend in Node, must predict what the engine predicts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, importOnnx, parseModel } from '../../src/engine/index';
import { exportOnnx } from '../../src/engine/export/index';
import { exportedModels, maxAbsDiff, randomInput, randomNetwork, templates } from './models';
import { runPython, torchPython } from './python';
import { reportDiffs } from './report';

const BATCH = 3;
const python = torchPython();
const checker =
  python !== null && spawnSync(python, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
if (!checker)
  console.log('ONNX checker test skipped: no python3 with the onnx package (python3-onnx)');
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
  for (const { name, doc } of exportedModels()) {
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

  it('writes a multiply of three as Muls that import back as two multiplies, bit-identically', () => {
    const network = randomNetwork(exportedModels().find((t) => t.name === 'multiply-chain')!.doc);
    const document = importOnnx(exportOnnx(network));
    const imported = createNetwork(parseModel(document));
    const count = (spec: { nodes: { type: string }[] }) =>
      spec.nodes.filter((n) => n.type === 'multiply').length;
    expect([count(network.spec), count(imported.spec)]).toEqual([2, 4]);
    const x = randomInput(network, BATCH);
    expect(Array.from(imported.predict(x, BATCH))).toEqual(Array.from(network.predict(x, BATCH)));
  });

  it('fixes the batch at 1 when asked', async () => {
    const network = randomNetwork(templates()[1].doc);
    const bytes = exportOnnx(network, { dynamicBatch: false });
    const x = randomInput(network, 1);
    const { output } = await run(bytes, x, [1, ...network.inputShape]);
    expect(maxAbsDiff(network.predict(x, 1), output.data as Float32Array)).toBeLessThan(1e-4);
    await expect(run(bytes, randomInput(network, 2), [2, ...network.inputShape])).rejects.toThrow();
  });

  it.skipIf(!checker)('passes the official onnx checker and strict shape inference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-studio-onnx-'));
    try {
      const files = exportedModels().map(({ doc }, i) => {
        const file = join(dir, `${i}.onnx`);
        writeFileSync(file, exportOnnx(randomNetwork(doc)));
        return file;
      });
      const check =
        'import sys, onnx\n' +
        'for f in sys.argv[1:]:\n' +
        '    m = onnx.load(f)\n' +
        '    onnx.checker.check_model(m, full_check=True)\n' +
        '    onnx.shape_inference.infer_shapes(m, strict_mode=True)\n';
      runPython(python!, ['-c', check, ...files], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
