import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// The engine suite again, with the TypeScript reference kernels as every network's default
// (`npm run test:engine:reference`); the other run has the fastest kernels as the default.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/engine/**/*.test.ts'],
    // What the default is, this run changes by design.
    exclude: [...(base.test?.exclude ?? []), 'test/engine/default-kernels.test.ts'],
    setupFiles: ['test/engine/kernels-default.setup.ts'],
  },
});
