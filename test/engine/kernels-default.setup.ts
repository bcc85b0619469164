// Setup for vitest.kernels.config.ts: every network the engine suite creates without `kernels`
// runs on the WebAssembly kernels (the best build, or KERNELS=simd|relaxed-simd) on two threads
// as the training worker does (THREADS=1 for one), unchanged tests.
import { setDefaultKernels } from '../../src/engine/kernels';
import { loadKernels, type KernelFlavor } from '../../src/engine/kernels/wasm';
import { nodeSpawn } from './kernels-flavors';

const provider = await loadKernels({
  flavor: process.env.KERNELS as KernelFlavor | undefined,
  threads: Number(process.env.THREADS ?? 2),
  spawn: nodeSpawn,
});
if (provider.flavor === 'reference') throw new Error(`no WebAssembly kernels: ${provider.note}`);
setDefaultKernels(() => provider.create());
