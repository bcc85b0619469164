import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Electronegativity's static checks of Electron security settings, run over src like a reviewer.

interface Scan {
  errors: { file: string; message: string; tolerable: boolean }[];
  findings: {
    id: string;
    severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
    file: string;
    line: number;
    description: string;
  }[];
}

const script = fileURLToPath(new URL('./fixtures/electronegativity.mjs', import.meta.url));
const src = fileURLToPath(new URL('../../src', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cnn-studio-electronegativity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scan(folder: string): Scan {
  const output = join(scratch, 'findings.json');
  const run = spawnSync(process.execPath, [script, folder, output], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`electronegativity failed:\n${run.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8'));
}

const serious = ({ findings }: Scan) =>
  findings
    .filter(({ severity }) => severity === 'HIGH' || severity === 'MEDIUM')
    .map((f) => `${f.severity} ${f.id} at ${f.file}:${f.line}: ${f.description}`);

describe('electronegativity', () => {
  it('finds nothing of high or medium severity in src, and parses every file', () => {
    const result = scan(src);
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
    expect(serious(result)).toEqual([]);
  });

  it('does flag an insecure window, so a clean scan means something', () => {
    const insecure = join(scratch, 'insecure');
    mkdirSync(insecure);
    writeFileSync(
      join(insecure, 'main.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n',
    );
    expect(serious(scan(insecure))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^HIGH CONTEXT_ISOLATION_JS_CHECK at main\.ts:2/),
        expect.stringMatching(/^MEDIUM SANDBOX_JS_CHECK at main\.ts:2/),
        // The global checks src passes: navigation limits, a permission handler, a CSP.
        expect.stringMatching(/^HIGH LIMIT_NAVIGATION_GLOBAL_CHECK/),
        expect.stringMatching(/^MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK/),
        expect.stringMatching(/^MEDIUM CSP_GLOBAL_CHECK/),
      ]),
    );
  });
});
