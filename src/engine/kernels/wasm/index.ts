import { decodeBase64 } from '../../model/base64';
import { createReferenceKernels } from '../reference';
import type { Kernels } from '../types';
import { Arena } from './arena';
import { detectFeatures, type WasmFeatures } from './features';
import * as binaries from './generated/binaries';
import { directCalls, EXPORTED_FUNCTIONS, MAX_PAGES } from './generated/interface';
import { webAssembly, type WasmModule } from './host';
import { WasmKernels } from './kernels';
import { Team, type Spawn, type WorkerLike } from './team';

// Chooses the fastest kernels this runtime can run: WebAssembly with relaxed SIMD (fused
// multiply-add), else with plain SIMD, else the TypeScript reference; on as many threads as asked
// where shared memory and a way to start workers exist, else one. It says why in `note`.

export type { Spawn, WorkerLike };
export type KernelFlavor = 'relaxed-simd' | 'simd' | 'reference';
type WasmFlavor = Exclude<KernelFlavor, 'reference'>;

/** The name kernels of a flavor go by (`Kernels.name`, `NetworkOptions.kernels`). */
export type KernelName = 'reference' | `wasm-${WasmFlavor}`;

export function kernelName(flavor: KernelFlavor): KernelName {
  return flavor === 'reference' ? flavor : `wasm-${flavor}`;
}

export interface KernelOptions {
  /** A particular build (tests, benchmarks); the best available by default. */
  flavor?: KernelFlavor;
  /** Threads per kernel call (default 1). Results are bit-identical for any number. */
  threads?: number;
  /**
   * Starts a worker from a classic script's source. Defaults to a Blob-URL Web Worker where
   * `Worker` exists; Node hosts pass `(source) => new Worker(source, { eval: true })` from
   * node:worker_threads (and may unref it).
   */
  spawn?: Spawn;
}

export interface KernelProvider {
  readonly flavor: KernelFlavor;
  readonly features: WasmFeatures;
  /** Threads each kernel call is split over. */
  readonly threads: number;
  /** Why a faster flavor or more threads are not in use; empty when nothing is missing. */
  readonly note: string;
  /**
   * Kernels with a memory (and helper threads) of their own. Give each network its own: the
   * network's buffers live in that memory, which goes with the network and its views.
   */
  create(): Kernels;
}

const RELAXED_HINT = 'Node 20: --experimental-wasm-relaxed-simd';

/** Each build compiled once per runtime, by whichever of loadKernels and loadKernelsSync first. */
const compiled = new Map<WasmFlavor, WasmModule>();

function bytesOf(flavor: WasmFlavor): Uint8Array {
  const bytes = decodeBase64(flavor === 'relaxed-simd' ? binaries.relaxedSimd : binaries.simd);
  if (typeof bytes === 'string') throw new Error(`embedded ${flavor} kernels: ${bytes}`);
  return bytes;
}

async function compile(flavor: WasmFlavor): Promise<WasmModule> {
  const module = compiled.get(flavor) ?? checkExports(await webAssembly!.compile(bytesOf(flavor)));
  compiled.set(flavor, module);
  return module;
}

/** Throws where the host refuses to compile synchronously (a browser page's main thread). */
function compileSync(flavor: WasmFlavor): WasmModule {
  const module = compiled.get(flavor) ?? checkExports(new webAssembly!.Module(bytesOf(flavor)));
  compiled.set(flavor, module);
  return module;
}

/** A build older than this code (assembly/ changed, `npm run build:wasm` not run) is refused. */
export function checkExports(module: WasmModule): WasmModule {
  const exported = new Set(webAssembly!.Module.exports(module).map((e) => e.name));
  const missing = EXPORTED_FUNCTIONS.filter((name) => !exported.has(name));
  if (missing.length > 0) {
    throw new Error(
      `the built kernels lack ${missing.join(', ')}: run \`npm run build:wasm\` to rebuild them`,
    );
  }
  return module;
}

function unavailable(features: WasmFeatures): string {
  if (!webAssembly) return 'this runtime has no WebAssembly';
  if (!features.simd) return 'this runtime has no WebAssembly SIMD';
  return 'shared WebAssembly memory is unavailable (a page needs cross-origin isolation)';
}

/** A Blob-URL Web Worker, where the host has Worker, Blob and URL (browsers, Electron). */
function webSpawn(): Spawn | undefined {
  const host = globalThis as unknown as {
    Worker?: new (url: string) => WorkerLike;
    Blob?: new (parts: string[], options: { type: string }) => object;
    URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
  };
  const { Worker, Blob, URL } = host;
  if (!Worker || !Blob || !URL?.createObjectURL) return undefined;
  return (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    // The worker has its script once constructed; the URL would otherwise live as long as the page.
    URL.revokeObjectURL(url);
    return worker;
  };
}

/** Threads that can run here, and why fewer than asked. */
function threadsFor(asked: number, spawn: Spawn | undefined): { threads: number; note: string } {
  if (asked <= 1) return { threads: 1, note: '' };
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') {
    return { threads: 1, note: 'one thread: no SharedArrayBuffer (needs cross-origin isolation)' };
  }
  if (!spawn) return { threads: 1, note: 'one thread: no way to start a worker was given' };
  return { threads: asked, note: '' };
}

/** What loadKernels decides before anything is compiled. */
interface Plan {
  flavor: KernelFlavor;
  features: WasmFeatures;
  threads: number;
  spawn: Spawn | undefined;
  note: string;
}

/** The flavor and threads to use. Asking for a flavor the runtime cannot run throws. */
function plan(options: KernelOptions): Plan {
  const features = detectFeatures();
  const wasmOk = features.simd && features.sharedMemory;
  const best: KernelFlavor = !wasmOk ? 'reference' : features.relaxedSimd ? 'relaxed-simd' : 'simd';
  const flavor = options.flavor ?? best;
  if (flavor !== 'reference' && !wasmOk) {
    throw new Error(`the ${flavor} kernels cannot run: ${unavailable(features)}`);
  }
  if (flavor === 'relaxed-simd' && !features.relaxedSimd) {
    throw new Error(`the relaxed-simd kernels cannot run: relaxed SIMD is off (${RELAXED_HINT})`);
  }
  const notes: string[] = [];
  if (flavor === 'reference' && !wasmOk) notes.push(unavailable(features));
  if (flavor === 'simd' && !features.relaxedSimd) {
    notes.push(`relaxed SIMD is off, so no fused multiply-add (${RELAXED_HINT})`);
  }
  if (flavor === 'reference') {
    if ((options.threads ?? 1) > 1) notes.push('one thread: the reference kernels have no threads');
    return { flavor, features, threads: 1, spawn: undefined, note: notes.join('; ') };
  }
  const spawn = options.spawn ?? webSpawn();
  const { threads, note: threadNote } = threadsFor(options.threads ?? 1, spawn);
  if (threadNote) notes.push(threadNote);
  return { flavor, features, threads, spawn, note: notes.join('; ') };
}

function provider(p: Plan, module: WasmModule | null): KernelProvider {
  const { flavor, features, threads, spawn, note } = p;
  if (!module)
    return { flavor, features, threads, note, create: () => createReferenceKernels(note) };
  return {
    flavor,
    features,
    threads,
    note,
    create() {
      const memory = new webAssembly!.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      const exports = new webAssembly!.Instance(module, { env: { memory } }).exports;
      const helpers = threads > 1 ? { spawn: spawn!, module, memory } : null;
      const team = new Team(threads, exports, helpers);
      const direct = directCalls(exports);
      const arena = new Arena(memory, direct.heapBase(), MAX_PAGES);
      const kernels = new WasmKernels(kernelName(flavor), note, arena, team, direct);
      if (threads > 1) helpersOf.register(kernels, team);
      return kernels;
    },
  };
}

/** The kernels to use, compiled off the calling thread. Asking for what cannot run throws. */
export async function loadKernels(options: KernelOptions = {}): Promise<KernelProvider> {
  const p = plan(options);
  return provider(p, p.flavor === 'reference' ? null : await compile(p.flavor));
}

/**
 * As loadKernels, compiled on the calling thread: fine in Node and in workers, refused (thrown)
 * on a browser page's main thread, which compiles nothing this large synchronously.
 */
export function loadKernelsSync(options: KernelOptions = {}): KernelProvider {
  const p = plan(options);
  return provider(p, p.flavor === 'reference' ? null : compileSync(p.flavor));
}

/** Ends a network's helper threads once its kernels are unreachable. */
const helpersOf = new FinalizationRegistry<Team>((team) => team.stop());
