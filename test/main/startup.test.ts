import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrashLoopGuard } from '../../src/main/crashLoop';
import { datasetsFolder } from '../../src/main/datasets';
import { modelPathFromArgv } from '../../src/main/launchArgs';
import { windowTitle } from '../../src/main/title';

describe('modelPathFromArgv', () => {
  const cwd = resolve('/home/ada');

  it('finds a model named on the command line, relative to the working folder', () => {
    expect(modelPathFromArgv(['/opt/CNN Studio/cnn-studio', 'nets/LeNet-5.cnn.json'], cwd)).toBe(
      join(cwd, 'nets', 'LeNet-5.cnn.json'),
    );
  });

  it("ignores Chromium's switches, a development build's entry and other files", () => {
    const argv = ['electron', '.', '--enable-logging', '--user-data-dir=/tmp/x.json', 'notes.txt'];
    expect(modelPathFromArgv(argv, cwd)).toBeNull();
    expect(modelPathFromArgv(['electron', 'out/main/index.js'], cwd)).toBeNull();
  });

  it('takes the last model when there are several', () => {
    const last = resolve('/m/B.JSON');
    expect(modelPathFromArgv(['app', '/m/a.json', last], cwd)).toBe(last);
  });
});

describe('datasetsFolder', () => {
  it('is resources/datasets in a checkout and the extra resources when packaged', () => {
    const location = { resourcesPath: '/opt/app/resources', appPath: '/src/cnn-studio' };
    expect(datasetsFolder({ ...location, packaged: false })).toBe(
      join('/src/cnn-studio', 'resources', 'datasets'),
    );
    expect(datasetsFolder({ ...location, packaged: true })).toBe(
      join('/opt/app/resources', 'datasets'),
    );
  });
});

describe('windowTitle', () => {
  const state = { name: 'LeNet-5.cnn.json', path: null, dirty: true };

  it('names the document and marks unsaved changes', () => {
    expect(windowTitle(state, 'linux')).toBe('• LeNet-5.cnn.json — CNN Studio');
    expect(windowTitle({ ...state, dirty: false }, 'win32')).toBe('LeNet-5.cnn.json — CNN Studio');
  });

  it('leaves the marker to the close button on macOS', () => {
    expect(windowTitle(state, 'darwin')).toBe('LeNet-5.cnn.json');
  });

  it('is the app name before the page reports a document', () => {
    expect(windowTitle(null, 'linux')).toBe('CNN Studio');
  });
});

describe('CrashLoopGuard', () => {
  it('restarts a few times, then gives up while the crashes keep coming', () => {
    const guard = new CrashLoopGuard(3, 60_000);
    expect([0, 1000, 2000].map((t) => guard.shouldRestart(t))).toEqual([true, true, true]);
    expect(guard.shouldRestart(3000)).toBe(false);
  });

  it('forgets crashes older than its window', () => {
    const guard = new CrashLoopGuard(1, 60_000);
    expect(guard.shouldRestart(0)).toBe(true);
    expect(guard.shouldRestart(61_000)).toBe(true);
  });
});
