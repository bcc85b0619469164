import { listPackage } from '@electron/asar';
import { validateConfiguration, getConfig } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The installers cannot be built here (electron-builder downloads Electron for them), so the
// configuration is checked as far as it can be offline: against electron-builder's own schema,
// and by packaging the app folder with a stand-in Electron.

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'cnn-studio-packaging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('electron-builder configuration', () => {
  it('is valid by electron-builder’s own schema', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
      // Where src/main/datasets.ts looks in a packaged app: <resources>/datasets.
      extraResources: [{ from: 'resources/datasets', to: 'datasets' }],
    });
  });

  it('is what `npm run dist` builds with, after the kernels and the app itself', () => {
    expect(distSteps()).toEqual({
      status: 0,
      steps: ['build:wasm', 'electron-vite build', 'electron-builder --publish never'],
    });
    // A failed step stops the script: no installer from a half-built app.
    expect(distSteps('electron-vite')).toEqual({
      status: 1,
      steps: ['build:wasm', 'electron-vite build'],
    });
  });

  it('packages the built app, its unpacked worker and the datasets', () => {
    // A project folder holding what `npm run dist` sees, with the build written into it.
    const project = join(scratch, 'project');
    mkdirSync(project);
    for (const file of ['package.json', 'electron-builder.yml']) {
      copyFileSync(join(root, file), join(project, file));
    }
    symlinkSync(join(root, 'resources'), join(project, 'resources'));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
    const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin');
    run([join(electronVite, 'electron-vite.js'), 'build', '--outDir', join(project, 'out')], root);

    // An Electron distribution with a placeholder binary: packaging copies it as it is.
    const electron = join(scratch, 'electron');
    mkdirSync(electron);
    writeFileSync(join(electron, 'electron'), '#!/bin/sh\n');
    chmodSync(join(electron, 'electron'), 0o755);
    const { version } = require('electron/package.json');
    const output = join(scratch, 'dist');
    run(
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        '--publish',
        'never',
        '--projectDir',
        project,
        `-c.electronDist=${electron}`,
        `-c.electronVersion=${version}`,
        `-c.directories.output=${output}`,
      ],
      project,
    );

    const resources = join(output, 'linux-unpacked', 'resources');
    const packed = listPackage(join(resources, 'app.asar'), { isPack: false })
      .map((path) => path.replaceAll('\\', '/'))
      .filter((path) => !path.includes('/assets/'));
    expect(packed).toEqual(
      expect.arrayContaining([
        '/out/main/index.js',
        '/out/main/worker.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/package.json',
      ]),
    );
    expect(packed.filter((path) => path.includes('node_modules'))).toEqual([]);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'out', 'main', 'worker.js'))).toBe(true);
    expect(existsSync(join(resources, 'datasets', 'manifest.json'))).toBe(true);
    expect(existsSync(join(resources, 'datasets', 'digits', 'digits.csv.gz'))).toBe(true);
    // A full build and a packaging: about 30 s on an idle machine, twice that on a busy one.
  }, 240_000);
});

/**
 * Runs `npm run dist` of our package.json in a project whose tools only log that they ran (and
 * `failing` exits 1), and returns the exit status and the steps in the order they ran.
 */
function distSteps(failing?: string): { status: number | null; steps: string[] } {
  const project = mkdtempSync(join(scratch, 'dist-'));
  const bin = join(project, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  mkdirSync(join(project, 'scripts'));
  copyFileSync(join(root, 'package.json'), join(project, 'package.json'));
  const log = join(project, 'steps.log');
  for (const tool of ['electron-vite', 'electron-builder']) {
    const exit = tool === failing ? 'exit 1' : 'exit 0';
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n${exit}\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  writeFileSync(
    join(project, 'scripts', 'build-wasm.mjs'),
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, 'build:wasm\\n');\n`,
  );
  const result = spawnSync('npm', ['run', '--silent', 'dist'], { cwd: project, encoding: 'utf8' });
  const steps = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, steps };
}

function run(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${args.slice(0, 2).join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}
