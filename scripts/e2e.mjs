// Runs the end-to-end tests (Playwright, test/e2e) when a Chromium is there to run them in:
// CHROMIUM_PATH, Playwright's own browser, or Debian's (CI installs the `chromium` package).
// Without one it says so in one line and succeeds, so `npm test` works on any machine.

import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function playwrightChromium() {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

const found = [process.env.CHROMIUM_PATH, playwrightChromium(), '/usr/bin/chromium'].find(
  (path) => path && existsSync(path),
);

if (!found) {
  console.log(
    "e2e: skipped, no Chromium found (install Debian's chromium or run `npx playwright install chromium`)",
  );
  process.exit(0);
}

const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: found },
});
process.exit(run.status ?? 1);
