import { referenceKernels, type Kernels } from '../engine/kernels';
import { loadKernels } from '../engine/kernels/wasm';
import { messageOf } from './session';

/** The compute kernels networks are built with, and why no faster ones are in use. */
export interface KernelChoice {
  name: string;
  note: string;
  /** Kernels with a memory of their own, one per network. */
  create(): Kernels;
}

/**
 * The fastest kernels this runtime runs (WebAssembly SIMD where it can). Failing to compile them
 * is no reason not to train: the reference kernels compute the same values, only slower.
 */
export async function chooseKernels(): Promise<KernelChoice> {
  try {
    const provider = await loadKernels();
    const name =
      provider.flavor === 'reference' ? referenceKernels.name : `wasm-${provider.flavor}`;
    return { name, note: provider.note, create: () => provider.create() };
  } catch (error) {
    return {
      name: referenceKernels.name,
      note: `the WebAssembly kernels failed to load: ${messageOf(error)}`,
      create: () => referenceKernels,
    };
  }
}
