// Real outside models: torchvision's classifiers, exported by PyTorch's own exporter, import; their
// multiply-accumulates match torchvision's published numbers, and the engine predicts what
// onnxruntime-web computes from the same file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, importOnnxModel, parseModel, summarize } from '../../src/engine/index';
import { normals, relativeError, runOrt } from './onnxFiles';
import {
  PUBLISHED_GMACS,
  torchvisionModels,
  torchvisionPython,
  type TorchvisionModels,
} from './torchvisionModels';

const python = torchvisionPython();
const hasTorchvision = python !== null;
if (!hasTorchvision)
  console.log(
    'torchvision import test skipped: no python3 with torch and torchvision (python3-torchvision)',
  );

const measured: string[] = [];
let built: TorchvisionModels;

describe.skipIf(!hasTorchvision)('ONNX import of torchvision models', () => {
  beforeAll(() => {
    built = torchvisionModels(python!);
  }, 900_000);

  afterAll(() => {
    if (measured.length > 0)
      console.log(
        `torchvision models (MACs vs published, prediction vs onnxruntime-web):\n${measured.join('\n')}`,
      );
  });

  for (const name of Object.keys(PUBLISHED_GMACS)) {
    it(`${name}: imports, MACs within 3 % of torchvision's, predictions within 1e-3 of onnxruntime-web (whose output moves ≥ 1e-2 between two images)`, async () => {
      expect(built.models).toContain(name);
      const bytes = readFileSync(join(built.dir, `${name}.onnx`));
      const started = performance.now();
      const { document, report } = importOnnxModel(bytes, { name });
      const seconds = (performance.now() - started) / 1000;
      const spec = parseModel(document);
      const summary = summarize(spec);
      expect(summary.filter((s) => s.error)).toEqual([]);
      const ratio = summary.reduce((s, l) => s + l.macs, 0) / (PUBLISHED_GMACS[name] * 1e9);

      // The engine predicts one image (these models are slow on two cores); onnxruntime two, so
      // that how much the output moves between two images shows the match means something.
      const network = createNetwork(spec);
      const size = network.inputSize;
      const x = normals(2 * size, 2024);
      const reference = await runOrt(bytes, x, [2, ...built.input.slice(1)]);
      const classes = reference.length / 2;
      const first = reference.subarray(0, classes);
      const error = relativeError(network.predict(x.subarray(0, size), 1), first);
      const moves = relativeError(reference.subarray(classes), first);
      measured.push(
        `  ${name}: MACs ${ratio.toFixed(4)} × published, prediction error ${error.toExponential(2)} relative, ${moves.toExponential(2)} between two images; import ${seconds.toFixed(2)} s (${document.nodes.length} layers; ${report.length} report lines)`,
      );
      expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.03);
      expect(error).toBeLessThanOrEqual(1e-3);
      expect(moves).toBeGreaterThanOrEqual(1e-2);
    }, 300_000);
  }
});
