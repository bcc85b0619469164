import {
  CALL_PART_SOURCE,
  PART_ARGUMENTS,
  PART_FUNCTIONS,
  callPart,
  partCalls,
  type PartCalls,
  type PartFunction,
  type PartRunner,
} from './generated/interface';
import type { WasmMemory, WasmModule } from './host';

// A team of threads over one shared WebAssembly memory: this thread runs part 0 of every kernel
// call, helper workers parts 1…n−1 of the same call. A call is handed over through a small
// shared control block (sequence number, function) and argument block with Atomics, never
// postMessage, and called the same way on every thread (callPart, generated from assembly/),
// and each side spins briefly before it sleeps, so a hand-over costs about a microsecond while
// training and no CPU while idle. Until a helper has instantiated the module (or if it never
// does), this thread runs its part as well: parts never sum into the same output, so who runs a
// part changes no bit of the result.

/** What starts a thread: Worker-like, given the source of a classic script. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): unknown;
}
export type Spawn = (source: string) => WorkerLike;

const SEQ = 0; // bumped per call; −1 tells helpers to stop
const FN = 1; // index of the function to run
const READY = 2; // helpers that have instantiated the module
const FAILED = 3; // set by a helper whose part threw (a trap): the call fails, no thread hangs
const DONE = 4; // DONE + i: the last sequence number helper i finished
// Polls of a few nanoseconds each before sleeping. A helper outlasts the serial stretch of a
// training step (loss, optimizer, zeroing: about a millisecond), since waking a sleeping thread
// costs tens of microseconds here; a waiting caller expects the helper within microseconds.
const HELPER_SPINS = 200_000;
const JOIN_SPINS = 20_000;
/** Work (multiply-adds, or about that) below which handing over costs more than it saves. */
const MIN_PARALLEL_WORK = 100_000;

/** The helper's whole program; it talks to this thread only through the shared blocks. */
function helperSource(): string {
  return `'use strict';
const names = ${JSON.stringify(PART_FUNCTIONS)};
${CALL_PART_SOURCE}
function start({ module, memory, control, args, part, parts }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const fns = names.map((name) => exports[name]);
  const c = new Int32Array(control);
  const a = new Float64Array(args);
  Atomics.add(c, ${READY}, 1);
  let seq = 0;
  for (;;) {
    for (let spins = 0; Atomics.load(c, ${SEQ}) === seq; ) {
      if (++spins > ${HELPER_SPINS}) { Atomics.wait(c, ${SEQ}, seq); spins = 0; }
    }
    seq = Atomics.load(c, ${SEQ});
    if (seq < 0) return;
    try {
      callPart(fns[c[${FN}]], part, parts, a);
    } catch {
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.store(c, ${DONE} + part - 1, seq);
    Atomics.notify(c, ${DONE} + part - 1);
  }
}
if (typeof self === 'undefined') require('node:worker_threads').parentPort.once('message', start);
else self.onmessage = (event) => start(event.data);
`;
}

interface Helpers {
  spawn: Spawn;
  module: WasmModule;
  memory: WasmMemory;
}

export class Team implements PartRunner {
  readonly parts: number;
  /** The next call's arguments, written by `calls`. */
  readonly args: Float64Array;
  /** The kernels by name, run on this team. */
  readonly calls: PartCalls;
  private readonly control: Int32Array;
  private readonly fns: readonly PartFunction[];
  private readonly workers: WorkerLike[] = [];
  private seq = 0;
  private canSleep = true;
  private stopped = false;

  /** A team over the module instance with `exports` (helpers instantiate their own). */
  constructor(threads: number, exports: Record<string, unknown>, helpers: Helpers | null) {
    this.parts = threads;
    this.fns = PART_FUNCTIONS.map((name) => exports[name] as PartFunction);
    // One thread needs no shared block (and a page without cross-origin isolation has none).
    const Buffer = threads > 1 ? SharedArrayBuffer : ArrayBuffer;
    this.control = new Int32Array(new Buffer(4 * (DONE + threads)));
    this.args = new Float64Array(new Buffer(8 * PART_ARGUMENTS));
    this.calls = partCalls(this);
    if (!helpers || threads < 2) return;
    const source = helperSource();
    for (let part = 1; part < threads; part++) {
      const worker = helpers.spawn(source);
      worker.postMessage({
        module: helpers.module,
        memory: helpers.memory,
        control: this.control.buffer,
        args: this.args.buffer,
        part,
        parts: threads,
      });
      this.workers.push(worker);
    }
  }

  /** Helpers running (not counting this thread). */
  get helpersReady(): number {
    return this.stopped ? 0 : Atomics.load(this.control, READY);
  }

  /** Runs function `fn` on every part with `args`; with little `work`, all on this thread. */
  run(fn: number, work: number): void {
    const f = this.fns[fn];
    const a = this.args;
    const ready = this.helpersReady;
    if (this.parts === 1 || work < MIN_PARALLEL_WORK || ready < this.parts - 1) {
      // Every part here, in order: the same bits as spread over threads.
      for (let part = 0; part < this.parts; part++) callPart(f, part, this.parts, a);
      return;
    }
    const c = this.control;
    const seq = ++this.seq;
    Atomics.store(c, FN, fn);
    Atomics.store(c, SEQ, seq);
    Atomics.notify(c, SEQ);
    let failed = false;
    try {
      callPart(f, 0, this.parts, a);
    } finally {
      // Even when this thread's part threw, the helpers finish theirs before anything else runs.
      for (let i = 0; i < this.parts - 1; i++) this.join(DONE + i, seq);
      // A trap is a bug, not bad luck: the rest of this team's calls run on this thread alone.
      failed = Atomics.load(c, FAILED) !== 0;
      if (failed) this.stop();
    }
    if (failed)
      throw new Error('a kernel failed on a helper thread (its part of the work is missing)');
  }

  /** Asks the helpers to finish and ends them. */
  stop(): void {
    this.stopped = true;
    Atomics.store(this.control, SEQ, -1);
    Atomics.notify(this.control, SEQ);
    for (const worker of this.workers) worker.terminate();
    this.workers.length = 0;
  }

  private join(slot: number, seq: number): void {
    const c = this.control;
    for (let spins = 0; ; spins++) {
      const done = Atomics.load(c, slot);
      if (done === seq) return;
      if (spins > JOIN_SPINS && this.canSleep) {
        try {
          Atomics.wait(c, slot, done); // returns at once if the helper finished meanwhile
        } catch {
          this.canSleep = false; // a browser's main thread may not wait: keep polling
        }
      }
    }
  }
}
