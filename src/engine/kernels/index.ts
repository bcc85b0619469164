export { createKernels, type KernelsOption } from './choose';
export { createReferenceKernels } from './reference';
export type {
  BatchnormStep,
  Conv2dBackward,
  Conv2dForward,
  ElementwiseActivation,
  Gemm,
  Kernels,
  WindowGeometry,
} from './types';
export type { KernelName } from './wasm';
