// Setup for vitest.kernels.config.ts: the engine suite again with the TypeScript reference as
// the default kernels, so every network the suite creates without `kernels` runs on it, unchanged
// tests (the other run has the fastest kernels as the default, as createNetwork does).
import { vi } from 'vitest';
import type * as Choose from '../../src/engine/kernels/choose';

vi.mock('../../src/engine/kernels/choose', async (importOriginal) => {
  const actual = await importOriginal<typeof Choose>();
  return {
    ...actual,
    createKernels: (choice?: Choose.KernelsOption) => actual.createKernels(choice ?? 'reference'),
  };
});
