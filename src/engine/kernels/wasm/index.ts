import { decodeBase64 } from '../../model/base64';
import { referenceKernels } from '../reference';
import type { Kernels } from '../types';
import { Arena } from './arena';
import { detectFeatures, type WasmFeatures } from './features';
import * as binaries from './generated/binaries';
import { webAssembly, type WasmModule } from './host';
import { WasmKernels, type KernelExports } from './kernels';

// Chooses the fastest kernels this runtime can run: WebAssembly with relaxed SIMD (fused
// multiply-add), else with plain SIMD, else the TypeScript reference, and says why.

export type KernelFlavor = 'relaxed-simd' | 'simd' | 'reference';

export interface KernelProvider {
  readonly flavor: KernelFlavor;
  readonly features: WasmFeatures;
  /** Why a faster flavor is not in use; empty when nothing faster exists. */
  readonly note: string;
  /**
   * Kernels with a memory of their own. Give each network its own: the network's buffers live in
   * that memory, which is freed with the network and its views.
   */
  create(): Kernels;
}

const MAX_PAGES = 32768; // as scripts/build-wasm.mjs declares: 2 GiB

const compiled = new Map<KernelFlavor, Promise<WasmModule>>();

function compile(flavor: 'relaxed-simd' | 'simd'): Promise<WasmModule> {
  let module = compiled.get(flavor);
  if (!module) {
    const bytes = decodeBase64(flavor === 'relaxed-simd' ? binaries.relaxedSimd : binaries.simd);
    if (typeof bytes === 'string') throw new Error(`embedded ${flavor} kernels: ${bytes}`);
    module = webAssembly!.compile(bytes);
    compiled.set(flavor, module);
  }
  return module;
}

function unavailable(features: WasmFeatures): string {
  if (!webAssembly) return 'this runtime has no WebAssembly';
  if (!features.simd) return 'this runtime has no WebAssembly SIMD';
  return 'shared WebAssembly memory is unavailable (a page needs cross-origin isolation)';
}

/**
 * The kernels to use. `flavor` asks for one (tests and benchmarks); the best available is the
 * default. Asking for one the runtime cannot run throws.
 */
export async function loadKernels(flavor?: KernelFlavor): Promise<KernelProvider> {
  const features = detectFeatures();
  const wasmOk = features.simd && features.sharedMemory;
  const best: KernelFlavor = !wasmOk ? 'reference' : features.relaxedSimd ? 'relaxed-simd' : 'simd';
  const chosen = flavor ?? best;
  if (chosen !== 'reference' && !wasmOk) {
    throw new Error(`the ${chosen} kernels cannot run: ${unavailable(features)}`);
  }
  if (chosen === 'relaxed-simd' && !features.relaxedSimd) {
    throw new Error(
      'the relaxed-simd kernels cannot run: relaxed SIMD is off (Node 20: --experimental-wasm-relaxed-simd)',
    );
  }
  let note = '';
  if (chosen === 'reference' && !wasmOk) note = unavailable(features);
  else if (chosen === 'simd' && !features.relaxedSimd) {
    note =
      'relaxed SIMD is off, so no fused multiply-add (Node 20: --experimental-wasm-relaxed-simd)';
  }
  if (chosen === 'reference') {
    return { flavor: chosen, features, note, create: () => referenceKernels };
  }
  const module = await compile(chosen);
  return {
    flavor: chosen,
    features,
    note,
    create() {
      const memory = new webAssembly!.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      const instance = new webAssembly!.Instance(module, { env: { memory } });
      const exports = instance.exports as unknown as KernelExports;
      return new WasmKernels(
        `wasm-${chosen}`,
        exports,
        new Arena(memory, exports.heapBase(), MAX_PAGES),
      );
    },
  };
}
