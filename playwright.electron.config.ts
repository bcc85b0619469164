// End-to-end test of the desktop app: the built app (out/) in a real Electron, driven by
// Playwright. scripts/electron-e2e.mjs builds it, finds the binary and runs this, or skips.

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/electron',
  testMatch: '*.e2e.ts',
  outputDir: 'test-results/electron',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
});
