// Setup for vitest.kernels.config.ts: every network the engine suite creates without `kernels`
// runs on the WebAssembly kernels (the best build, or KERNELS=simd|relaxed-simd), unchanged tests.
import { setDefaultKernels } from '../../src/engine/kernels';
import { loadKernels, type KernelFlavor } from '../../src/engine/kernels/wasm';
import './kernels-flavors';

const provider = await loadKernels(process.env.KERNELS as KernelFlavor | undefined);
if (provider.flavor === 'reference') throw new Error(`no WebAssembly kernels: ${provider.note}`);
setDefaultKernels(() => provider.create());
