import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/index';
import { tinyModel } from '../worker/helpers';

// The training CLI as a user runs it: a real process, real worker thread, exit codes and output.

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let dir: string;

/** Runs `tsx src/cli/train.ts …` from the repository; never throws on a non-zero exit. */
async function train(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/train.ts', ...args],
      { cwd: root, env: { ...process.env, INIT_CWD: root } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cnn-studio-cli-'));
  await writeFile(join(dir, 'tiny.json'), JSON.stringify(tinyModel()));
  await writeFile(join(dir, 'broken.json'), '{ "format": ');
  await writeFile(join(dir, 'invalid.json'), JSON.stringify({ ...tinyModel(), edges: [] }));
});

afterAll(async () => {
  await rm(dir, { recursive: true });
});

describe('npm run train', () => {
  it.each([
    [
      ['--epochs', '0', 'x.json'],
      2,
      /^error: --epochs must be a whole number from 1 to 10000, got "0"$/,
    ],
    [['x.json', '--frobnicate'], 2, /^error: unknown option --frobnicate \(see --help\)$/],
    [['missing.json'], 1, /^error: cannot read .*missing\.json: no such file$/],
    [['BROKEN'], 1, /^error: .*broken\.json is not valid JSON: /],
    [['INVALID'], 1, /^error: .*invalid\.json: .*/],
  ])('refuses %j with exit code %i and one line', async (args, code, line) => {
    const named = args.map((a) =>
      a === 'BROKEN' ? join(dir, 'broken.json') : a === 'INVALID' ? join(dir, 'invalid.json') : a,
    );
    const result = await train(...named);
    expect(result.code).toBe(code);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('trains one epoch of shapes, prints the final line last and writes the trained document', async () => {
    const out = join(dir, 'trained.json');
    const result = await train(
      join(dir, 'tiny.json'),
      '--dataset',
      'shapes',
      '--epochs',
      '1',
      '--optimizer',
      'adam',
      '--lr',
      '0.01',
      '--schedule',
      'constant',
      '--out',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^test: 60 parameters; shapes 4000\/500\/1000 images; 1 epoch × 63 steps of 64; adam lr 0.01; seed 1; [12] threads?, [\w-]+ kernels$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^epoch 1\/1: train loss [\d.]+ acc [\d.]+% {2}validation loss/),
    );
    expect(lines[lines.length - 1]).toMatch(
      /^test accuracy: \d+\.\d\d% \(\d+\/1000\) in \d+\.\d s$/,
    );
    const document = JSON.parse(await readFile(out, 'utf8'));
    expect(document.training).toMatchObject({ dataset: 'shapes', result: { epochs: 1 } });
    expect(() => parseModel(document)).not.toThrow();
  });
});
