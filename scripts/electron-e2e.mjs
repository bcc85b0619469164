// The last step of `npm test`: the desktop app's end-to-end test (test/electron, Playwright's
// Electron support). It needs the Electron binary and, on Linux, a display or xvfb-run. Without
// them it says in one line why it was skipped and succeeds, so `npm test` passes on any machine.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronViteCli, installedBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);

function skip(why) {
  console.log(`electron e2e: skipped, ${why}`);
  process.exit(0);
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const binary = installedBinary();
if (binary === null) {
  skip(
    'the Electron binary is not installed (this machine could not download it; ' +
      '"npx electron --version" on a connected machine fetches it)',
  );
}

const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const hasXvfb = headless && spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0;
if (headless && !hasXvfb) skip('there is no display to open a window on (install xvfb)');

run(process.execPath, [electronViteCli(), 'build']);

const playwright = [
  require.resolve('@playwright/test/cli'),
  'test',
  '-c',
  'playwright.electron.config.ts',
  ...process.argv.slice(2),
];
const env = { ...process.env, CNN_STUDIO_ELECTRON: binary };
if (headless) run('xvfb-run', ['-a', process.execPath, ...playwright], env);
else run(process.execPath, playwright, env);
