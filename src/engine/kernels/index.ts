export type { Kernels, WindowGeometry } from './types';
export { referenceKernels } from './reference';
