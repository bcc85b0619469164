import { referenceKernels } from './reference';
import type { Kernels } from './types';

export type { ElementwiseActivation, Kernels, WindowGeometry } from './types';
export { referenceKernels };

let makeDefault: () => Kernels = () => referenceKernels;

/**
 * Makes networks created without `kernels` use kernels from `create` (called once per network):
 * a host picks once, e.g. the training worker after `loadKernels()` from './wasm'.
 */
export function setDefaultKernels(create: () => Kernels): void {
  makeDefault = create;
}

/** Kernels for a network created without `kernels`: the reference unless a host chose others. */
export function defaultKernels(): Kernels {
  return makeDefault();
}
