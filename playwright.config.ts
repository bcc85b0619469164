// End-to-end tests of the web edition in Chromium: the built renderer served by `vite preview`
// (a build takes seconds and then every page load is fast and the same, unlike the dev server's
// first-visit compiling). scripts/e2e.mjs picks the browser and skips the suite without one.

import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// E2E_PORT lets several checkouts run their suites at once on one machine.
const PORT = Number(process.env.E2E_PORT ?? 4179);
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH from scripts/e2e.mjs, else Playwright's own browser, else Debian's. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'ui', testIgnore: /dashboard\.spec\.ts/ },
    // Training keeps the cores busy: the dashboard's tests start once the others are done and run
    // one at a time, so the responsiveness figure measures the app, not a test training beside it.
    // (Skipped when a `ui` test fails; run them alone with
    // `node scripts/e2e.mjs test/e2e/dashboard.spec.ts`.)
    {
      name: 'training',
      testMatch: /dashboard\.spec\.ts/,
      dependencies: ['ui'],
      workers: 1,
    },
  ],
  webServer: {
    command: `npx vite build --config vite.web.config.ts --logLevel warn && npx vite preview --config vite.web.config.ts --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
  },
});
