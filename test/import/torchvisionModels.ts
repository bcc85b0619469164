import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { torchPython } from '../export/python';

// torchvision's classifiers as PyTorch exports them (scripts/onnx/make_models.py), built once
// into the gitignored .cache/onnx and reused while torch and the script stay the same.

const ROOT = resolve(import.meta.dirname, '../..');

/** Multiply-accumulates per 224×224 image, in billions: torchvision's documented GFLOPS (`_ops`). */
export const PUBLISHED_GMACS: Record<string, number> = {
  resnet18: 1.814,
  mobilenet_v2: 0.301,
  efficientnet_b0: 0.386,
  vgg11: 7.609,
  densenet121: 2.834,
  googlenet: 1.498,
  // The same network after a depthwise 1×1 conv on the input (150 528 MACs).
  googlenet_transform_input: 1.498,
  squeezenet1_1: 0.349,
  regnet_x_400mf: 0.414,
  mnasnet0_5: 0.104,
};

export interface TorchvisionModels {
  dir: string;
  input: number[];
  models: string[];
}

/** A python3 with torch and torchvision (Debian's python3-torchvision), or null. */
export function torchvisionPython(): string | null {
  const python = torchPython();
  const found =
    python !== null &&
    spawnSync(python, ['-c', 'import torchvision'], { stdio: 'ignore' }).status === 0;
  return found ? python : null;
}

/** Builds (or finds) the exported models; throws with Python's output when the export fails. */
export function torchvisionModels(python: string): TorchvisionModels {
  const result = spawnSync(python, ['scripts/onnx/make_models.py', '.cache/onnx'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `make_models.py exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`,
    );
  }
  const dir = result.stdout.trim().split('\n').pop()!;
  const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'manifest.json'), 'utf8')) as Omit<
    TorchvisionModels,
    'dir'
  >;
  return { dir: join(ROOT, dir), ...manifest };
}
