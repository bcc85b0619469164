import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const emptyDir = mkdtempSync(join(tmpdir(), 'cnn-studio-no-electron-'));
afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

describe('npm start without the Electron binary', () => {
  it('prints one line pointing to the web edition and exits with 1', () => {
    // Point Electron at an empty folder so the binary is missing even where it is installed.
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDir };
    delete env.ELECTRON_EXEC_PATH;
    const run = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^CNN Studio: the Electron binary is not installed .*npm run web$/);
  });
});
