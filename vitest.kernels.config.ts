import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The engine suite again, with the WebAssembly kernels as every network's default
// (`npm run test:engine:wasm`; KERNELS=simd picks the plain-SIMD build).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/engine/**/*.test.ts'],
    setupFiles: ['test/engine/kernels-default.setup.ts'],
  },
});
