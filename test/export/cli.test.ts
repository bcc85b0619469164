// The export CLI, run as `npm run export` runs it: files written on success (ONNX Runtime runs the
// .onnx file); bad input gives one line on stderr and exit code 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/index';
import { templates } from './models';
import { readSafetensors } from './safetensorsFile';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir = '';
let model = '';
let bad = '';
let unwritable = '';

/** Runs the CLI; one that has not ended after `timeout` ms is killed (its status is then null). */
function cli(...args: string[]) {
  const tsx = join(root, 'node_modules/.bin/tsx');
  const result = spawnSync(tsx, ['src/cli/export.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  dir = mkdtempSync(join(tmpdir(), 'cnn-studio-export-cli-'));
  model = join(dir, 'lenet.json');
  const doc = templates()[1].doc;
  writeFileSync(model, JSON.stringify(doc));
  unwritable = join(dir, 'unwritable.json');
  writeFileSync(unwritable, JSON.stringify({ ...doc, training: { normalization: 'zscore' } }));
  bad = join(dir, 'bad.json');
  const nodes = doc.nodes.map((n) =>
    n.id === 'c2' ? { ...n, params: { filters: 0, kernelSize: 5 } } : n,
  );
  writeFileSync(bad, JSON.stringify({ ...doc, nodes }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run export', () => {
  it('writes a TensorFlow.js folder and a weightless model document', () => {
    const tfjs = cli(model, '--format', 'tfjs', '--out', join(dir, 'tfjs'));
    expect(tfjs.stderr).toBe('');
    expect(tfjs.status).toBe(0);
    expect(readdirSync(join(dir, 'tfjs')).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);

    const json = cli(model, '--format', 'json', '--no-weights', '--out', join(dir, 'out.json'));
    expect(json.status).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as object;
    expect(doc).not.toHaveProperty('weights');
    expect(() => parseModel(doc)).not.toThrow();
  });

  it('writes an ONNX file that ONNX Runtime runs', async () => {
    const out = join(dir, 'lenet.onnx');
    const result = cli(model, '--format', 'onnx', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`wrote ${out}`);
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(out)));
    try {
      expect([session.inputNames, session.outputNames]).toEqual([['in'], ['out']]);
      const input = new ort.Tensor('float32', new Float32Array(2 * 28 * 28), [2, 1, 28, 28]);
      const { out: output } = await session.run({ in: input });
      expect(output.dims).toEqual([2, 10]);
    } finally {
      await session.release();
    }
  });

  it('writes a PyTorch folder: model.py, train.py, and the weights as JSON and safetensors', () => {
    const out = join(dir, 'pytorch');
    const result = cli(model, '--format', 'pytorch', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'model.py',
      'train.py',
      'weights.json',
      'weights.safetensors',
    ]);
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toMatch(/^class Model\(nn\.Module\):$/m);
    expect(readFileSync(join(out, 'train.py'), 'utf8')).toMatch(/^def main\(\):$/m);
    // Both weight files hold the same weights, the safetensors file as bytes.
    const { weights } = parseModel(JSON.parse(readFileSync(join(out, 'weights.json'), 'utf8')));
    const { tensors } = readSafetensors(readFileSync(join(out, 'weights.safetensors')));
    expect(tensors['c1.weight'].values).toEqual(weights.c1.weight.data);
    expect(tensors['out.bias'].values).toEqual(weights.out.bias.data);
  });

  it.each([
    ['a missing file', ['missing.json', '--format', 'onnx', '--out', 'x.onnx'], /cannot read/],
    ['an unknown format', ['MODEL', '--format', 'keras', '--out', 'x'], /--format must be one of/],
    ['no --out', ['MODEL', '--format', 'onnx'], /--out <path> is required/],
    ['an unknown flag', ['MODEL', '--format', 'onnx', '--out', 'x', '--fast'], /'--fast'/],
    [
      'a flag of another format',
      ['MODEL', '--format', 'onnx', '--no-weights', '--out', 'x'],
      /json only/,
    ],
    [
      'an invalid model',
      ['BAD', '--format', 'onnx', '--out', 'x.onnx'],
      /node "c2" \(conv2d\): filters/,
    ],
    [
      'settings the export cannot write',
      ['UNWRITABLE', '--format', 'pytorch', '--out', 'x'],
      /unwritable\.json: training\.normalization must be/,
    ],
  ])('refuses %s with one line and exit code 1', (_what, args, message) => {
    const files: Record<string, string> = { MODEL: model, BAD: bad, UNWRITABLE: unwritable };
    const result = cli(...args.map((a) => files[a] ?? a));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it.runIf(process.platform === 'linux').each(['pytorch', 'tfjs'])(
    'refuses a %s folder under /proc at once, in one line, instead of spinning',
    (format) => {
      // Node's recursive mkdir loops forever there: mkdir says ENOENT of a parent that exists.
      const started = performance.now();
      const result = cli(model, '--format', format, '--out', '/proc/cnn-studio/pt');
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'export: cannot create /proc/cnn-studio: /proc takes no new folders\n',
      );
      expect(performance.now() - started).toBeLessThan(20_000);
    },
  );

  it('refuses a folder below a file, naming the file', () => {
    const result = cli(model, '--format', 'tfjs', '--out', join(model, 'tfjs'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `export: cannot create ${join(model, 'tfjs')}: ${model} is a file, not a folder\n`,
    );
  });
});
