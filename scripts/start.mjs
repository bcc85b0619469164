// `npm start`: runs the desktop app through electron-vite. Electron downloads its binary on first
// use, not at install, so a missing binary is fetched here; where that fails (offline), one line
// says what to do instead and the exit code is 1.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronModuleDir, electronViteCli, installedBinary } from './electron-binary.mjs';

const { ELECTRON_EXEC_PATH, ELECTRON_OVERRIDE_DIST_PATH } = process.env;
const moduleDir = electronModuleDir();

/** Runs Electron's own installer quietly; resolves to the binary, or null if it could not fetch it. */
function fetchBinary() {
  return new Promise((resolve) => {
    // Only a download that takes a while is worth a word; an offline failure is immediate.
    const note = setTimeout(
      () => console.error('CNN Studio: fetching the Electron binary (first run only)…'),
      2000,
    );
    const installer = spawn(process.execPath, [join(moduleDir, 'install.js')], {
      stdio: 'ignore',
    });
    const done = (ok) => {
      clearTimeout(note);
      resolve(ok ? installedBinary() : null);
    };
    installer.on('error', () => done(false));
    installer.on('exit', (code) => done(code === 0));
  });
}

// A binary chosen through the environment is the user's to provide; only the default one is fetched.
const binary =
  installedBinary() ??
  (ELECTRON_EXEC_PATH || ELECTRON_OVERRIDE_DIST_PATH || moduleDir === null
    ? null
    : await fetchBinary());

if (binary === null) {
  console.error(
    'CNN Studio: the Electron binary is not installed (this machine could not download it). ' +
      'Run "npx electron --version" on a connected machine to fetch it, or use the web edition: npm run web',
  );
  process.exit(1);
}

// electron-vite reads ELECTRON_EXEC_PATH, so it launches exactly the binary found above.
const app = spawn(process.execPath, [electronViteCli(), 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: binary },
});
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
