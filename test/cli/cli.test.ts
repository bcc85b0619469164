import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, parseModel } from '../../src/engine/index';
import { RunFolders } from '../../src/node/runFolders';
import { parseRunRecord } from '../../src/shared/runs/record';
import { tinyModel } from '../worker/helpers';

// The training CLI as a user runs it: a real process, real worker thread, exit codes and output.

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let dir: string;

/** Runs `tsx src/cli/<script>.ts …` from the repository; never throws on a non-zero exit. */
async function cli(script: 'train' | 'runs', ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', `src/cli/${script}.ts`, ...args],
      { cwd: root, env: { ...process.env, INIT_CWD: root } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const train = (...args: string[]) => cli('train', ...args);
const SHORT = [
  '--dataset',
  'shapes',
  '--epochs',
  '1',
  '--batch',
  '64',
  '--optimizer',
  'adam',
  '--lr',
  '0.01',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cnn-studio-cli-'));
  await writeFile(join(dir, 'tiny.json'), JSON.stringify(tinyModel()));
  const wide = tinyModel();
  wide.name = 'wide';
  wide.nodes[1].params = { ...wide.nodes[1].params, filters: 8 };
  await writeFile(join(dir, 'wide.json'), JSON.stringify(wide));
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
      '--batch',
      '64',
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

  it('trains several models in turn, records each run and prints the table of them', async () => {
    const runs = join(dir, 'runs');
    const result = await train(
      join(dir, 'tiny.json'),
      join(dir, 'wide.json'),
      ...SHORT,
      '--runs',
      runs,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`model 1/2: ${join(dir, 'tiny.json')}`);
    expect(lines).toContain(`model 2/2: ${join(dir, 'wide.json')}`);
    expect(lines).toContain(
      '| Run | Outcome | Test accuracy | Test loss | Params | MACs | Time | Images/s |',
    );
    expect(
      lines.filter((l) => /^\| (test|wide) \| finished \| \d+\.\d\d% \|/.test(l)),
    ).toHaveLength(2);
    expect(lines.at(-1)).toBe(`recorded 2 runs in ${runs}`);

    const folders = await readdir(runs);
    expect(folders).toHaveLength(2);
    const records = await Promise.all(
      folders.map(async (id) =>
        parseRunRecord(JSON.parse(await readFile(join(runs, id, 'run.json'), 'utf8'))),
      ),
    );
    expect(records.map((r) => [r.name, r.outcome.kind, r.params, r.steps]).sort()).toEqual([
      ['test', 'finished', 60, 63],
      ['wide', 'finished', 116, 63],
    ]);
    for (const record of records) {
      expect(record.test!.count).toBe(1000);
      expect(record.confusion!.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(record.epochs).toHaveLength(1);
      expect(record.curve.step.length).toBeGreaterThan(0);
      const trained = JSON.parse(await readFile(join(runs, record.id, 'model.cnn.json'), 'utf8'));
      expect(parseModel(trained).nodes.length).toBe(5);
      expect(Object.keys(trained.weights)).toEqual(['c1', 'out']);
    }

    const table = await cli('runs', runs);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^\| Run \| Model \| Dataset \| Outcome \| Test accuracy \|/);
    expect(rows.slice(2).map((r) => r.split(' | ')[0])).toEqual(['| test', '| wide']);

    await writeFile(join(runs, folders[0], 'run.json'), '{ "format": "cnn-studio/run" }');
    const csv = await cli('runs', runs, '--csv', '--sort', 'params', '--descending');
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe(
      `skipped ${join(runs, folders[0], 'run.json')}: version: is required\n`,
    );
    const csvRows = csv.stdout.trimEnd().split('\r\n');
    expect(csvRows[0]).toBe(
      'name,model,dataset,outcome,accuracy,loss,params,macs,epochs,seconds,speed,optimizer,learningRate,batch,seed,started,tags,notes,continuedFrom,id',
    );
    expect(csvRows).toHaveLength(2);
  });

  it('stops LeNet-5 at a learning rate of 10 when its loss explodes: one line, exit 1, kept weights', async () => {
    // It used to finish the epoch at chance (11.35 %) and exit 0.
    const out = join(dir, 'diverged.json');
    const result = await train('examples/lenet5.json', '--lr', '10', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: training stopped: the loss exploded at step \d+ \(epoch 1\): its mean over the last 10 steps, [\d.]+, is more than 10 times the [\d.]+ it started at; the weights of step \d+ \(loss [\d.]+\) were kept\. Try a lower learning rate\.\n$/,
    );
    expect(result.stdout).not.toMatch(/test accuracy/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`wrote the kept weights to ${out}`);
    const kept = createNetwork(parseModel(JSON.parse(await readFile(out, 'utf8'))));
    const scores = kept.predict(new Float32Array(kept.inputSize).fill(0.5), 1);
    expect(scores.every(Number.isFinite)).toBe(true);
  });

  it.each([
    ['OUT/missing/trained.json', (out: string) => `there is no folder ${join(out, 'missing')}`],
    ['OUT', () => 'it is a folder'],
  ])('checks --out %s before training, and refuses it in one line', async (given, why) => {
    const out = given.replace('OUT', dir);
    const result = await train(join(dir, 'tiny.json'), ...SHORT, '--out', out);
    expect(result.code).toBe(1);
    // Nothing trained: not even the header line that starts a run.
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: cannot write ${out}: ${why(dir)}\n`);
  });

  it.runIf(process.platform === 'linux')('checks --runs before training', async () => {
    const result = await train(join(dir, 'tiny.json'), ...SHORT, '--runs', '/proc/cnn-studio-runs');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: cannot create /proc/cnn-studio-runs: /proc takes no new folders\n',
    );
  });

  it('keeps the record of a run killed mid-way, marked interrupted', async () => {
    const runs = join(dir, 'killed');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/train.ts',
        join(dir, 'tiny.json'),
        ...SHORT,
        '--epochs',
        '100',
        '--runs',
        runs,
      ],
      { cwd: root, env: { ...process.env, INIT_CWD: root }, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let epochSaved = false;
    for (let tries = 0; tries < 600 && !epochSaved; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const ids = await readdir(runs).catch(() => []);
      const text = ids.length
        ? await readFile(join(runs, ids[0], 'run.json'), 'utf8').catch(() => null)
        : null;
      epochSaved = text !== null && parseRunRecord(JSON.parse(text)).epochs.length > 0;
    }
    child.kill('SIGKILL');
    await exited;
    const ids = await readdir(runs);
    const kept = parseRunRecord(JSON.parse(await readFile(join(runs, ids[0], 'run.json'), 'utf8')));
    expect(kept.outcome).toEqual({ kind: 'interrupted' });
    expect(kept.epochs.length).toBeGreaterThan(0);
    expect(kept.test).toBeNull();
    expect((await new RunFolders(runs).list()).problems).toEqual([]);
  });
});
