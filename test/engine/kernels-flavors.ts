import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Kernels } from '../../src/engine/kernels';
import { loadKernels, type KernelFlavor, type Spawn } from '../../src/engine/kernels/wasm';
import type { WasmKernels } from '../../src/engine/kernels/wasm/kernels';

// Node 20 validates relaxed SIMD only behind this flag, which must be set before any module is
// compiled; the kernels themselves still detect it rather than assume it.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Both WebAssembly builds; each test file runs its cases on both. */
export const FLAVORS: readonly KernelFlavor[] = ['relaxed-simd', 'simd'];

/** Helper threads under Node; unref'd so they never keep a test process alive. */
export const nodeSpawn: Spawn = (source) => {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
};

/**
 * A factory of fresh kernels (one memory per network) of the given build and threads. With
 * threads, each waits until its helpers run, so the tests do exercise them.
 */
export async function kernelsOf(
  flavor: KernelFlavor,
  threads = 1,
): Promise<() => Promise<Kernels>> {
  const provider = await loadKernels({ flavor, threads, spawn: nodeSpawn });
  if (provider.threads !== threads) throw new Error(`asked ${threads} threads: ${provider.note}`);
  return async () => {
    const kernels = provider.create() as WasmKernels;
    for (let waited = 0; kernels.activeThreads < threads; waited += 10) {
      if (waited > 10_000) throw new Error('helper threads did not start');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return kernels;
  };
}
