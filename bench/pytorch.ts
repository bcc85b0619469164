import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GemmShape } from './gemm';
import type { Rate } from './timing';

// PyTorch CPU through Debian's python3 (the python3 on PATH may be another without torch), with
// OpenBLAS held to one thread so torch.set_num_threads alone decides the threads.

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./pytorch_lenet.py', import.meta.url));

export interface TorchResult {
  torch: string;
  threads: number;
  train: Rate;
  inference: Rate;
  gemmGflops: Record<string, number>;
}

/** The results, or why PyTorch could not run. */
export function pytorchLenet(threads: number, gemm: GemmShape[]): TorchResult | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const shapes = JSON.stringify(gemm.map((s) => [s.name, s.m, s.n, s.k, s.form]));
  const run = spawnSync(PYTHON, [script, String(threads), shapes], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) {
    const reason = run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`;
    return `PyTorch did not run: ${reason}`;
  }
  return JSON.parse(run.stdout) as TorchResult;
}
