import { setFlagsFromString } from 'node:v8';
import type { Kernels } from '../../src/engine/kernels';
import { loadKernels, type KernelFlavor } from '../../src/engine/kernels/wasm';

// Node 20 validates relaxed SIMD only behind this flag, which must be set before any module is
// compiled; the kernels themselves still detect it rather than assume it.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Both WebAssembly builds; each test file runs its cases on both. */
export const FLAVORS: readonly KernelFlavor[] = ['relaxed-simd', 'simd'];

/** A factory of fresh kernels (one memory per network) of the given build. */
export async function kernelsOf(flavor: KernelFlavor): Promise<() => Kernels> {
  const provider = await loadKernels(flavor);
  return () => provider.create();
}
