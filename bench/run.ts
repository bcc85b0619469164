// `npm run bench`: LeNet-5 training and inference on our kernels and on TF.js (cpu, wasm) and
// PyTorch CPU in one run, a GEMM micro-benchmark and the editor's summarize case. Prints tables
// with ratios ours/peer and writes everything as JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { referenceKernels, type Kernels } from '../src/engine/kernels';
import { loadKernels, type KernelFlavor } from '../src/engine/kernels/wasm';
import { engineLenet } from './engine';
import { GEMM_SHAPES, gemmGflops } from './gemm';
import { pytorchLenet } from './pytorch';
import { summarizeCase } from './summarize';
import { tfjsLenet } from './tfjs';
import { checkAgainstCpu, registerWasmConvFilterGrad } from './tfjs-conv-filter-grad';
import type { Rate } from './timing';

// Node 20 validates relaxed SIMD only behind this flag; set before anything is compiled.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const BATCH = 64;
const INFER_BATCH = 256;
/** FLOPs of one LeNet-5 training sample: forward, and backward at twice the forward. */
const TRAIN_FLOPS = 3 * 0.846e6;

interface Row {
  engine: string;
  threads: number;
  train: Rate | null;
  inference: Rate | null;
  note?: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function kernelFactories() {
  const factories: { flavor: KernelFlavor; create: () => Kernels }[] = [
    { flavor: 'reference', create: () => referenceKernels },
  ];
  for (const flavor of ['simd', 'relaxed-simd'] as const) {
    try {
      const provider = await loadKernels(flavor);
      factories.push({ flavor, create: () => provider.create() });
    } catch (error) {
      log(`skipping ${flavor}: ${(error as Error).message}`);
    }
  }
  return factories;
}

async function lenetRows(factories: Awaited<ReturnType<typeof kernelFactories>>) {
  const rows: Row[] = [];
  for (const { flavor, create } of factories) {
    log(`LeNet-5 on our ${flavor} kernels…`);
    const { train, inference } = engineLenet(create, BATCH, INFER_BATCH);
    rows.push({ engine: `ours ${flavor}`, threads: 1, train, inference });
  }
  log('TF.js cpu (seconds per step)…');
  const cpu = await tfjsLenet('cpu', BATCH, INFER_BATCH);
  rows.push({ engine: 'TF.js 4.22 cpu', threads: 1, ...cpu, note: '1 warm-up + 3 timed calls' });
  registerWasmConvFilterGrad();
  const gradError = await checkAgainstCpu();
  log('TF.js wasm…');
  const wasm = await tfjsLenet('wasm', BATCH, INFER_BATCH);
  rows.push({
    engine: 'TF.js 4.22 wasm',
    threads: 1,
    ...wasm,
    note: `Conv2DBackpropFilter made of its Transpose+Conv2D kernels (max rel. diff vs cpu ${gradError.toExponential(1)}); no threads under Node`,
  });
  const torch: Record<number, ReturnType<typeof pytorchLenet>> = {};
  for (const threads of [1, 2]) {
    log(`PyTorch, ${threads} thread(s)…`);
    const result = pytorchLenet(threads, threads === 1 ? GEMM_SHAPES : []);
    torch[threads] = result;
    if (typeof result === 'string') {
      rows.push({ engine: 'PyTorch CPU', threads, train: null, inference: null, note: result });
    } else {
      rows.push({
        engine: `PyTorch ${result.torch} CPU`,
        threads,
        train: result.train,
        inference: result.inference,
        note: 'OPENBLAS_NUM_THREADS=1, torch.set_num_threads',
      });
    }
  }
  return { rows, torch };
}

function gemmTable(factories: Awaited<ReturnType<typeof kernelFactories>>) {
  const table: Record<string, Record<string, number>> = {};
  for (const shape of GEMM_SHAPES) {
    table[shape.name] = {};
    for (const { flavor, create } of factories) {
      log(`GEMM ${shape.name} on ${flavor}…`);
      table[shape.name][flavor] = gemmGflops(create(), shape, flavor === 'reference');
    }
  }
  return table;
}

const fixed = (v: number | undefined, digits = 0) =>
  v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

function printLenet(rows: Row[]) {
  console.log(
    `\nLeNet-5 (relu, maxpool): training batch ${BATCH} (forward, backward, SGD momentum), inference batch ${INFER_BATCH}; median of ≥ 3 repeats`,
  );
  console.log(
    `${'engine'.padEnd(22)} thr  ${'train samples/s'.padStart(15)} ${'GFLOP/s'.padStart(8)} ${'infer samples/s'.padStart(16)}  note`,
  );
  for (const r of rows) {
    const train = r.train?.median;
    const gflops = train === undefined ? undefined : (train * TRAIN_FLOPS) / 1e9;
    console.log(
      `${r.engine.padEnd(22)} ${String(r.threads).padStart(3)}  ${fixed(train).padStart(15)} ${fixed(gflops, 1).padStart(8)} ${fixed(r.inference?.median).padStart(16)}  ${r.note ?? ''}`,
    );
  }
}

function ratios(rows: Row[]) {
  const ours = rows.filter((r) => r.engine.startsWith('ours') && r.train);
  const best = ours.reduce((a, b) => (b.train!.median > a.train!.median ? b : a));
  const targets: Record<string, number> = {
    'TF.js 4.22 cpu': 100,
    'TF.js 4.22 wasm': 5,
  };
  const out = rows
    .filter((r) => !r.engine.startsWith('ours') && r.train)
    .map((peer) => {
      const target = peer.engine.startsWith('PyTorch') ? 0.5 : targets[peer.engine];
      const train = best.train!.median / peer.train!.median;
      return {
        ours: `${best.engine}, ${best.threads} thread`,
        peer: `${peer.engine}, ${peer.threads} thread${peer.threads > 1 ? 's' : ''}`,
        train,
        inference: best.inference!.median / peer.inference!.median,
        target,
        met: train >= target,
      };
    });
  console.log('\nRatios ours/peer (same run)');
  for (const r of out) {
    console.log(
      `  ${r.ours} / ${r.peer}: training ${r.train.toFixed(2)}× (target ≥ ${r.target}×: ${r.met ? 'met' : 'not met'}), inference ${r.inference.toFixed(2)}×`,
    );
  }
  return out;
}

function printGemm(table: Record<string, Record<string, number>>, torch: Record<string, number>) {
  const flavors = Object.keys(Object.values(table)[0]);
  console.log('\nGEMM, GFLOP/s (one thread; operands in the kernels’ memory)');
  console.log(
    `${'shape'.padEnd(24)} ${flavors.map((f) => f.padStart(13)).join(' ')} ${'PyTorch 1t'.padStart(11)}`,
  );
  for (const [name, row] of Object.entries(table)) {
    const cells = flavors.map((f) => fixed(row[f], 1).padStart(13)).join(' ');
    console.log(`${name.padEnd(24)} ${cells} ${fixed(torch[name], 1).padStart(11)}`);
  }
}

async function main() {
  const started = new Date();
  const loadBefore = loadavg()[0];
  const factories = await kernelFactories();
  const gemm = gemmTable(factories);
  const { rows, torch } = await lenetRows(factories);
  log('summarize, 100 nodes…');
  const editor = summarizeCase();
  const loadAfter = loadavg()[0];

  const torchGemm = typeof torch[1] === 'string' ? {} : torch[1].gemmGflops;
  printLenet(rows);
  const ratioRows = ratios(rows);
  printGemm(gemm, torchGemm);
  console.log(
    `\nEditor: summarize of a ${editor.nodes}-node graph ${editor.summarizeMs.toFixed(2)} ms, with parseModel ${editor.withParseMs.toFixed(2)} ms (target ≤ 5 ms)`,
  );
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
  if (Math.max(loadBefore, loadAfter) > 0.5) {
    console.log(
      `\nNote: load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}: other processes shared the CPU`,
    );
  }
  const result = {
    date: started.toISOString(),
    command: 'npm run bench',
    machine,
    lenet: { batch: BATCH, inferenceBatch: INFER_BATCH, trainFlopsPerSample: TRAIN_FLOPS, rows },
    ratios: ratioRows,
    gemmGflops: { ours: gemm, pytorch1Thread: torchGemm },
    summarize: { ...editor, targetMs: 5 },
  };
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`bench-${started.toISOString().replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWritten ${file.pathname}`);
}

await main();
