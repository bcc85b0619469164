import { spawn as spawnProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { exportPytorch } from '../src/engine/export/index';
import { createNetwork, parseModel, sgd, summarize } from '../src/engine/index';
import type { Kernels } from '../src/engine/kernels';
import type { ModelSpec } from '../src/engine/model/types';
import { Random } from '../src/engine/random';
import { median, rate } from './timing';

// Every template in examples/, trained on our kernels and on PyTorch CPU running the template's
// own exported model.py, at the same threads and batch, in the same run: rounds alternate ours
// and PyTorch per template so a change in the machine's load falls on both, and each side's
// figure is the median of its rounds.

const BATCH = 64;
const ROUNDS = 3;
const ROUND_SECONDS = 1;
const PYTHON = '/usr/bin/python3';
const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const peerScript = fileURLToPath(new URL('./pytorch_templates.py', import.meta.url));

export interface TemplateKernels {
  threads: number;
  create: () => Promise<Kernels>;
}

export interface TemplateRow {
  template: string;
  params: number;
  macs: number;
  threads: number;
  ours: number;
  pytorch: number | null;
  /** Ours over PyTorch. */
  ratio: number | null;
  /** Training GFLOP/s (forward + backward ≈ 3 × 2 × MACs a sample) over the GEMM peak × threads. */
  shareOfPeak: number;
}

/** The trained peer, one request at a time over stdin/stdout. */
function startPeer() {
  const child = spawnProcess(PYTHON, [peerScript], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async rate(model: string, threads: number): Promise<number> {
      child.stdin.write(
        `${JSON.stringify({ model, threads, batch: BATCH, seconds: ROUND_SECONDS })}\n`,
      );
      const next = await lines.next();
      if (next.done) throw new Error('the PyTorch peer ended');
      return (JSON.parse(next.value) as { rate: number }).rate;
    },
    stop: () => child.stdin.end(),
  };
}

/** The templates in examples/, or those of them named in `only`. */
function templates(only?: readonly string[]): { name: string; spec: ModelSpec }[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json') && (!only || only.includes(f.replace(/\.json$/, ''))))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      spec: parseModel(JSON.parse(readFileSync(join(examplesDir, f), 'utf8'))),
    }));
}

/** Our training step's samples per second over one round. */
function ourRate(spec: ModelSpec, kernels: Kernels): () => number {
  const random = new Random(1);
  const net = createNetwork(spec, { seed: 1, kernels });
  const x = new Float32Array(BATCH * net.inputSize).map(() => random.float());
  const labels = Int32Array.from({ length: BATCH }, () => random.int(net.outputSize));
  const optimizer = sgd(
    net.parameters.length,
    { learningRate: 0.01, momentum: 0.9, nesterov: true },
    net.kernels,
  );
  const step = () => {
    net.zeroGradients();
    net.forward(x, BATCH, true);
    net.backward(labels, BATCH);
    optimizer.update(net.parameters, net.gradients);
  };
  return () =>
    rate(step, BATCH, { warmupSeconds: 0.2, repeatSeconds: ROUND_SECONDS, repeats: 1 }).median;
}

export async function templateRows(
  ours: TemplateKernels[],
  peakGflops: number,
  log: (line: string) => void,
  only?: readonly string[],
): Promise<TemplateRow[]> {
  const peer = startPeer();
  const rows: TemplateRow[] = [];
  try {
    for (const { name, spec } of templates(only)) {
      const layers = summarize(spec);
      const macs = layers.reduce((sum, l) => sum + l.macs, 0);
      const params = layers.reduce((sum, l) => sum + l.params, 0);
      const dir = join(tmpdir(), 'cnn-studio-bench', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'model.py'), exportPytorch(spec)['model.py']);
      for (const { threads, create } of ours) {
        log(`${name}, ${threads} thread(s): ${ROUNDS} rounds each of ours and PyTorch…`);
        const round = ourRate(spec, await create());
        const [mine, theirs]: number[][] = [[], []];
        for (let r = 0; r < ROUNDS; r++) {
          mine.push(round());
          theirs.push(await peer.rate(dir, threads).catch(() => NaN));
        }
        const oursRate = median(mine);
        const torchRate = theirs.some(Number.isNaN) ? null : median(theirs);
        rows.push({
          template: name,
          params,
          macs,
          threads,
          ours: oursRate,
          pytorch: torchRate,
          ratio: torchRate === null ? null : oursRate / torchRate,
          shareOfPeak: (oursRate * 6 * macs) / 1e9 / (peakGflops * threads),
        });
      }
    }
  } finally {
    peer.stop();
  }
  return rows;
}

export function printTemplates(rows: TemplateRow[]) {
  console.log(
    `\nEvery template: training samples/s at batch ${BATCH} (forward, backward, SGD Nesterov), ours and PyTorch CPU on the template's exported model.py; medians of ${ROUNDS} interleaved rounds`,
  );
  console.log(
    `${'template'.padEnd(18)} ${'params'.padStart(8)} ${'MACs'.padStart(10)} thr ${'ours'.padStart(8)} ${'PyTorch'.padStart(8)} ${'ours/PT'.padStart(8)} ${'of peak'.padStart(8)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.template.padEnd(18)} ${String(r.params).padStart(8)} ${String(r.macs).padStart(10)} ${String(r.threads).padStart(3)} ${r.ours.toFixed(0).padStart(8)} ${(r.pytorch?.toFixed(0) ?? '—').padStart(8)} ${(r.ratio?.toFixed(2) ?? '—').padStart(8)} ${`${(100 * r.shareOfPeak).toFixed(1)} %`.padStart(8)}`,
    );
  }
}
