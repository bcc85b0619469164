import type { Kernels } from '../src/engine/kernels';
import { Random } from '../src/engine/random';
import { rate } from './timing';

// GEMM throughput in GFLOP/s (2·M·N·K per call), operands in the kernels' own memory.

export type GemmForm = 'NN' | 'TN' | 'NT';

export interface GemmShape {
  name: string;
  m: number;
  n: number;
  k: number;
  form: GemmForm;
}

/** Square sizes, and the products one LeNet-5 training step makes per sample or per batch. */
export const GEMM_SHAPES: GemmShape[] = [
  { name: '64² A·B', m: 64, n: 64, k: 64, form: 'NN' },
  { name: '256² A·B', m: 256, n: 256, k: 256, form: 'NN' },
  { name: '512² A·B', m: 512, n: 512, k: 512, form: 'NN' },
  { name: '256² Aᵀ·B', m: 256, n: 256, k: 256, form: 'TN' },
  { name: '256² A·Bᵀ', m: 256, n: 256, k: 256, form: 'NT' },
  { name: 'c1 forward 6×784×25', m: 6, n: 784, k: 25, form: 'NN' },
  { name: 'c1 dW 6×25×784', m: 6, n: 25, k: 784, form: 'NT' },
  { name: 'c2 forward 16×100×150', m: 16, n: 100, k: 150, form: 'NN' },
  { name: 'c2 dW 16×150×100', m: 16, n: 150, k: 100, form: 'NT' },
  { name: 'c2 dx 150×100×16', m: 150, n: 100, k: 16, form: 'TN' },
  { name: 'f1 forward 64×120×400', m: 64, n: 120, k: 400, form: 'NT' },
  { name: 'f1 dW 120×400×64', m: 120, n: 400, k: 64, form: 'TN' },
  { name: 'f1 dx 64×400×120', m: 64, n: 400, k: 120, form: 'NN' },
];

export function gemmGflops(kernels: Kernels, shape: GemmShape, quick = false): number {
  const { m, n, k, form } = shape;
  const random = new Random(m * n + k);
  const fill = (length: number) => {
    const a = kernels.newFloat32(length);
    for (let i = 0; i < length; i++) a[i] = random.float() * 2 - 1;
    return a;
  };
  const a = fill(m * k);
  const b = fill(k * n);
  const c = kernels.newFloat32(m * n);
  const gemm = kernels[`gemm${form}`].bind(kernels);
  const options = quick
    ? { warmupSeconds: 0.1, repeatSeconds: 0.1, repeats: 3 }
    : { warmupSeconds: 0.3, repeatSeconds: 0.2, repeats: 5 };
  return rate(() => gemm(m, n, k, a, 0, b, 0, c, 0, false), 2 * m * n * k, options).median / 1e9;
}
