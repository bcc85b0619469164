import type { Kernels } from '../types';
import { activation, activationBackward } from './activation';
import { batchnormBackward, batchnormForward } from './batchnorm';
import { createConvolution } from './conv';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import { adamUpdate, sgdUpdate } from './optimizers';
import { avgPool, avgPoolBackward, maxPool, maxPoolBackward } from './pool';

// Straightforward loops, one file per operation: the oracle every faster kernel is tested
// against, and the fallback where WebAssembly SIMD is missing.

/**
 * Reference kernels with scratch of their own: one object per network, like the fast ones.
 * `note` says why they run rather than faster ones, where they were not asked for by name.
 */
export function createReferenceKernels(note = ''): Kernels {
  return {
    name: 'reference',
    note,
    newFloat32: (length) => new Float32Array(length),
    newInt32: (length) => new Int32Array(length),
    newFloat64: (length) => new Float64Array(length),
    zero: (x, n) => void x.fill(0, 0, n),
    gemmNN,
    gemmTN,
    gemmNT,
    ...createConvolution(),
    maxPool,
    maxPoolBackward,
    avgPool,
    avgPoolBackward,
    activation,
    activationBackward,
    batchnormForward,
    batchnormBackward,
    sgdUpdate,
    adamUpdate,
  };
}
