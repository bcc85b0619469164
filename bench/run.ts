// `npm run bench`: LeNet-5 training and inference on our kernels and on TF.js (cpu, wasm) and
// PyTorch CPU in one run, every template's training against PyTorch, a GEMM micro-benchmark, a
// depthwise convolution's cost per MAC and the editor's summarize case. Prints tables
// with ratios ours/peer and writes everything as JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { createReferenceKernels, type Kernels } from '../src/engine/kernels';
import { loadKernels, type KernelFlavor, type Spawn } from '../src/engine/kernels/wasm';
import type { WasmKernels } from '../src/engine/kernels/wasm/kernels';
import { engineLenet } from './engine';
import { GEMM_SHAPES, gemmGflops } from './gemm';
import { pytorchLenet } from './pytorch';
import { EDITOR_GRAPH_SIZES } from './graphs';
import { summarizeCase } from './summarize';
import { depthwiseCosts, printDepthwise } from './depthwise';
import { printTemplates, templateRows } from './templates';
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

interface Ours {
  flavor: KernelFlavor;
  threads: number;
  /** Fresh kernels, their helper threads running. */
  create: () => Promise<Kernels>;
}

/** Helper threads under Node, unref'd so they never keep the process alive. */
const spawn: Spawn = (source) => {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
};

async function ourKernels(): Promise<Ours[]> {
  const ours: Ours[] = [
    { flavor: 'reference', threads: 1, create: async () => createReferenceKernels() },
  ];
  const runs = [
    ['simd', 1],
    ['relaxed-simd', 1],
    ['relaxed-simd', 2],
    ['simd', 2],
  ] as const;
  for (const [flavor, threads] of runs) {
    try {
      const provider = await loadKernels({ flavor, threads, spawn });
      if (provider.threads !== threads) throw new Error(provider.note);
      ours.push({ flavor, threads, create: () => started(provider.create() as WasmKernels) });
    } catch (error) {
      log(`skipping ${flavor} on ${threads} thread(s): ${(error as Error).message}`);
    }
  }
  return ours;
}

async function started(kernels: WasmKernels): Promise<Kernels> {
  while (kernels.activeThreads < kernels.threads) await new Promise((r) => setTimeout(r, 10));
  return kernels;
}

async function lenetRows(ours: Ours[]) {
  const rows: Row[] = [];
  for (const { flavor, threads, create } of ours) {
    log(`LeNet-5 on our ${flavor} kernels, ${threads} thread(s)…`);
    const { train, inference } = await engineLenet(create, BATCH, INFER_BATCH);
    rows.push({ engine: `ours ${flavor}`, threads, train, inference });
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

async function gemmTable(ours: Ours[]) {
  const table: Record<string, Record<string, number>> = {};
  for (const shape of GEMM_SHAPES) {
    table[shape.name] = {};
    for (const { flavor, create } of ours.filter((o) => o.threads === 1)) {
      log(`GEMM ${shape.name} on ${flavor}…`);
      table[shape.name][flavor] = gemmGflops(await create(), shape, flavor === 'reference');
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

interface Ratio {
  ours: string;
  peer: string;
  train: number;
  inference: number;
  target: number;
  met: boolean;
}

/** Ours over each peer at the same thread count (our best build), and ours over ours 1 thread. */
function ratios(rows: Row[]): Ratio[] {
  const ran = rows.filter((r) => r.train && r.inference);
  const label = (r: Row) => `${r.engine}, ${r.threads} thread${r.threads > 1 ? 's' : ''}`;
  const bestOurs = (threads: number) =>
    ran
      .filter((r) => r.engine.startsWith('ours') && r.threads === threads)
      .reduce<Row | null>((a, b) => (!a || b.train!.median > a.train!.median ? b : a), null);
  const ratio = (ours: Row, peer: Row, target: number): Ratio => {
    const train = ours.train!.median / peer.train!.median;
    const inference = ours.inference!.median / peer.inference!.median;
    return { ours: label(ours), peer: label(peer), train, inference, target, met: train >= target };
  };
  const targets: Record<string, number> = { 'TF.js 4.22 cpu': 100, 'TF.js 4.22 wasm': 5 };
  const out: Ratio[] = [];
  for (const peer of ran.filter((r) => !r.engine.startsWith('ours'))) {
    const ours = bestOurs(peer.threads);
    const target = peer.engine.startsWith('PyTorch') ? 0.5 : targets[peer.engine];
    if (ours) out.push(ratio(ours, peer, target));
  }
  const [one, two] = [bestOurs(1), bestOurs(2)];
  if (one && two) out.push(ratio(two, one, 1.7));
  console.log('\nRatios (same run; training target in brackets)');
  for (const r of out) {
    console.log(
      `  ${r.ours} / ${r.peer}: training ${r.train.toFixed(2)}× [≥ ${r.target}×: ${r.met ? 'met' : 'not met'}], inference ${r.inference.toFixed(2)}×`,
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
  const ours = await ourKernels();
  const gemm = await gemmTable(ours);
  const { rows, torch } = await lenetRows(ours);
  // Our fastest build at each thread count, against the GEMM peak of that build on one thread.
  const best = ['relaxed-simd', 'simd'].find((f) => ours.some((o) => o.flavor === f));
  const fastest = ours.filter((o) => o.flavor === best);
  const peak = Math.max(...Object.values(gemm).map((row) => row[best ?? 'reference'] ?? 0));
  const templates = fastest.length > 0 ? await templateRows(fastest, peak, log) : [];
  // CPU time measures a kernel only while its work stays on this thread.
  const oneThread = fastest.find((o) => o.threads === 1);
  const depthwise = oneThread ? depthwiseCosts(await oneThread.create()) : null;
  log(`summarize, ${EDITOR_GRAPH_SIZES.join(' and ')} nodes…`);
  const editor = EDITOR_GRAPH_SIZES.map(summarizeCase);
  const loadAfter = loadavg()[0];

  const torchGemm = typeof torch[1] === 'string' ? {} : torch[1].gemmGflops;
  printLenet(rows);
  const ratioRows = ratios(rows);
  printTemplates(templates);
  if (depthwise) printDepthwise(depthwise);
  printGemm(gemm, torchGemm);
  for (const e of editor) {
    console.log(
      `${e === editor[0] ? '\n' : ''}Editor: summarize of a ${e.nodes}-node graph ${e.summarizeMs.toFixed(2)} ms, with parseModel ${e.withParseMs.toFixed(2)} ms, the editor's inspectModel ${e.inspectMs.toFixed(2)} ms (target ≤ 5 ms)`,
    );
  }
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: { before: loadBefore, after: loadAfter },
  };
  if (Math.max(loadBefore, loadAfter) > 0.5) {
    // The two-thread rows and PyTorch's threads suffer most: they need both cores to themselves.
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
    templates: { batch: 64, gemmPeakGflops: peak, rows: templates },
    depthwise,
    gemmGflops: { ours: gemm, pytorch1Thread: torchGemm },
    summarize: { graphs: editor, targetMs: 5 },
  };
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`bench-${started.toISOString().replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWritten ${file.pathname}`);
}

await main();
