import { messageOf } from '../errors';
import { createReferenceKernels } from './reference';
import type { Kernels } from './types';
import { kernelName, loadKernelsSync, type KernelFlavor, type KernelName } from './wasm';

// The kernels a network is created with. By default the fastest this runtime has, on one thread
// (threads are a host's choice: it makes them with loadKernels and passes them in), compiled on
// the calling thread so that createNetwork needs no set-up call.

const FLAVORS: readonly KernelFlavor[] = ['reference', 'relaxed-simd', 'simd'];
const NAMES = FLAVORS.map(kernelName);

/** Kernels a network may be given: by name, or kernels made for it. */
export type KernelsOption = KernelName | Kernels;

/** A network's own kernels (each has its own memory and scratch), from `NetworkOptions.kernels`. */
export function createKernels(choice?: KernelsOption): Kernels {
  if (choice === undefined) return fastest();
  if (typeof choice === 'object' && choice !== null) return choice;
  const flavor = FLAVORS.find((f) => kernelName(f) === choice);
  if (!flavor) {
    throw new TypeError(
      `options.kernels: ${JSON.stringify(choice)} is none of ${NAMES.join(', ')} (nor a Kernels object)`,
    );
  }
  return loadKernelsSync({ flavor }).create();
}

/** The fastest kernels that load here; the reference, saying why, where none faster does. */
function fastest(): Kernels {
  try {
    return loadKernelsSync().create();
  } catch (error) {
    // A browser page's main thread refuses to compile the module synchronously, for one.
    return createReferenceKernels(`the WebAssembly kernels did not load here: ${messageOf(error)}`);
  }
}
