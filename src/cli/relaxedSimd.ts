// Node 20 validates WebAssembly relaxed SIMD (the kernels' fused multiply-add) only behind a V8
// flag, which must be set before any module is compiled, so the CLIs import this first. Newer
// Node, Electron and Chromium have it on; the kernels detect it rather than assume it.

import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
