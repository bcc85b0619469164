// The kernels' WebAssembly exports. The memory is imported (and shared), so JavaScript owns its
// layout: every buffer and all scratch are addresses it passes in. Every kernel but the two
// sizes takes (part, parts) first and does that part of the work: threads share one call.

export { gemmColumns, gemmScratchBytes } from './gemm';
export {
  conv2dForward,
  conv2dBackward,
  conv2dGradientSum,
  conv2dPartialFloats,
  convScratchBytes,
} from './conv';
export { depthwiseForward, depthwiseBackward, depthwiseScratchBytes } from './depthwise';
export { maxPoolScratchBytes } from './maxpool';
export { maxPool, maxPoolBackward, avgPool, avgPoolBackward } from './batch';
export {
  reluForward,
  reluBackward,
  leakyReluForward,
  leakyReluBackward,
  zero,
} from './elementwise';
export {
  relu6Forward,
  relu6Backward,
  sigmoidForward,
  sigmoidBackward,
  tanhForward,
  tanhBackward,
  siluForward,
  siluBackward,
  geluForward,
  geluBackward,
} from './activations';
export { batchnormForward, batchnormBackward } from './batchnorm';
export { sgdUpdate, adamUpdate } from './optimizers';

/** The first byte after the module's own static data; JavaScript allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}
