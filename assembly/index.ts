// The kernels' WebAssembly exports. The memory is imported (and shared), so JavaScript owns its
// layout: every buffer and the GEMM scratch are addresses it passes in.

export { gemm, gemmDotNT, gemmScratchBytes } from './gemm';
export { im2col, col2im, maxPool, maxPoolBackward, avgPool, avgPoolBackward } from './window';
export {
  reluForward,
  reluBackward,
  leakyReluForward,
  leakyReluBackward,
  addBias,
  sumRows,
} from './elementwise';

/** The first byte after the module's own static data; JavaScript allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}
