import { referenceKernels } from '../reference';
import type { AdamStep, ElementwiseActivation, Kernels, SgdStep, WindowGeometry } from '../types';
import type { Arena } from './arena';
import type { Team } from './team';

// The Kernels seam over the WebAssembly exports, every call split over the team's threads.
// Arrays the arena handed out (every buffer of a network made with these kernels) are used in
// place; any other array is copied into the memory and, for outputs, back, so the kernels accept
// whatever the reference accepts.

/** The exports that take (part, parts, …), in the order Team function indices refer to. */
export const PART_FUNCTIONS = [
  'gemmColumns',
  'conv2dForward',
  'conv2dBackward',
  'conv2dGradientSum',
  'maxPool',
  'maxPoolBackward',
  'avgPool',
  'avgPoolBackward',
  'reluForward',
  'reluBackward',
  'leakyReluForward',
  'leakyReluBackward',
  'zero',
  'sgdUpdate',
  'adamUpdate',
] as const;

/** The exports called directly, for sizes. */
export interface KernelExports {
  gemmScratchBytes(): number;
  /** Per thread, with the window written at `window`. */
  convScratchBytes(window: number, filters: number): number;
  conv2dPartialFloats(filters: number, rows: number): number;
}

const F = Object.fromEntries(PART_FUNCTIONS.map((name, i) => [name, i])) as Record<
  (typeof PART_FUNCTIONS)[number],
  number
>;

const STAGING_MIN_BYTES = 1 << 20;

type View = Float32Array | Int32Array;

interface Staged {
  view: View;
  offset: number;
  length: number;
  at: number;
}

export class WasmKernels implements Kernels {
  /** Where the current call's window geometry is written: 13 i32 in WindowGeometry's order. */
  private readonly window: number;
  /** Per-thread scratch: GEMM packing, then a column gradient; thread t's at + t·stride. */
  private scratch = 0;
  private scratchStride = 0;
  /** conv2dBackward's partial gradients (see assembly/conv.ts). */
  private partials = 0;
  private partialFloats = 0;
  private stagingAt = 0;
  private stagingBytes = 0;
  private stagingUsed = 0;
  private readonly outputs: Staged[] = [];

  constructor(
    readonly name: string,
    private readonly arena: Arena,
    private readonly team: Team,
    private readonly exports: KernelExports,
  ) {
    this.window = arena.alloc(13 * 4);
    this.reserveScratch(exports.gemmScratchBytes());
  }

  /** Threads each call is split over. */
  get threads(): number {
    return this.team.parts;
  }

  /** Threads running now: helpers take a moment to start, and this thread covers until then. */
  get activeThreads(): number {
    return 1 + this.team.helpersReady;
  }

  /** Ends the helper threads; later calls run every part on this thread, with the same bits. */
  release(): void {
    this.team.stop();
  }

  newFloat32(length: number): Float32Array {
    return this.arena.float32(length);
  }

  newInt32(length: number): Int32Array {
    return this.arena.int32(length);
  }

  zero(x: Float32Array, n: number): void {
    if (!this.arena.owns(x)) {
      x.fill(0, 0, n);
      return;
    }
    this.team.run(F.zero, n, n, x.byteOffset);
  }

  gemmNN(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aOff: number,
    b: Float32Array,
    bOff: number,
    c: Float32Array,
    cOff: number,
    accumulate: boolean,
  ): void {
    this.gemm(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, accumulate);
  }

  gemmTN(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aOff: number,
    b: Float32Array,
    bOff: number,
    c: Float32Array,
    cOff: number,
    accumulate: boolean,
  ): void {
    this.gemm(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, accumulate);
  }

  gemmNT(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aOff: number,
    b: Float32Array,
    bOff: number,
    c: Float32Array,
    cOff: number,
    accumulate: boolean,
  ): void {
    this.gemm(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, accumulate);
  }

  conv2dForward(
    g: WindowGeometry,
    filters: number,
    batch: number,
    x: Float32Array,
    weight: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
  ): void {
    const rows = g.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.exports.convScratchBytes(w, filters));
    const px = this.input(x, 0, batch * imageSize(g));
    const pw = this.input(weight, 0, filters * rows);
    const pb = bias ? this.input(bias, 0, filters) : 0;
    const py = this.output(y, 0, batch * filters * positions);
    const work = batch * filters * rows * positions;
    const s = this.scratch;
    const stride = this.scratchStride;
    this.team.run(F.conv2dForward, work, w, filters, batch, px, pw, pb, py, s, stride);
    this.finish();
  }

  conv2dBackward(
    g: WindowGeometry,
    filters: number,
    batch: number,
    x: Float32Array,
    dy: Float32Array,
    weight: Float32Array,
    dWeight: Float32Array,
    dBias: Float32Array | null,
    dx: Float32Array | null,
  ): void {
    const rows = g.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.exports.convScratchBytes(w, filters));
    const partials = this.reservePartials(this.exports.conv2dPartialFloats(filters, rows));
    const px = this.input(x, 0, batch * imageSize(g));
    const pdy = this.input(dy, 0, batch * filters * positions);
    const pw = this.input(weight, 0, filters * rows);
    const pdw = this.output(dWeight, 0, filters * rows);
    const pdb = dBias ? this.output(dBias, 0, filters) : 0;
    const pdx = dx ? this.output(dx, 0, batch * imageSize(g)) : 0;
    const work = (dx ? 2 : 1) * batch * filters * rows * positions;
    const s = this.scratch;
    const stride = this.scratchStride;
    const bias = dBias ? 1 : 0;
    const t = this.team;
    t.run(F.conv2dBackward, work, w, filters, batch, px, pdy, pw, partials, bias, pdx, s, stride);
    t.run(F.conv2dGradientSum, filters * rows * 4, filters, rows, partials, pdw, pdb);
    this.finish();
  }

  maxPool(
    g: WindowGeometry,
    batch: number,
    x: Float32Array,
    y: Float32Array,
    argmax: Int32Array,
  ): void {
    const px = this.input(x, 0, batch * imageSize(g));
    const py = this.output(y, 0, batch * outputSize(g));
    const pa = this.output(argmax, 0, batch * outputSize(g));
    const work = batch * outputSize(g) * g.kernelH * g.kernelW;
    this.team.run(F.maxPool, work, this.setWindow(g), batch, px, py, pa);
    this.finish();
  }

  maxPoolBackward(
    g: WindowGeometry,
    batch: number,
    dy: Float32Array,
    argmax: Int32Array,
    dx: Float32Array,
  ): void {
    const pdy = this.input(dy, 0, batch * outputSize(g));
    const pa = this.input(argmax, 0, batch * outputSize(g));
    const pdx = this.output(dx, 0, batch * imageSize(g));
    const work = 4 * batch * outputSize(g);
    this.team.run(F.maxPoolBackward, work, this.setWindow(g), batch, pdy, pa, pdx);
    this.finish();
  }

  avgPool(g: WindowGeometry, batch: number, x: Float32Array, y: Float32Array): void {
    const px = this.input(x, 0, batch * imageSize(g));
    const py = this.output(y, 0, batch * outputSize(g));
    const work = batch * outputSize(g) * g.kernelH * g.kernelW;
    this.team.run(F.avgPool, work, this.setWindow(g), batch, px, py);
    this.finish();
  }

  avgPoolBackward(g: WindowGeometry, batch: number, dy: Float32Array, dx: Float32Array): void {
    const pdy = this.input(dy, 0, batch * outputSize(g));
    const pdx = this.output(dx, 0, batch * imageSize(g));
    const work = batch * outputSize(g) * g.kernelH * g.kernelW;
    this.team.run(F.avgPoolBackward, work, this.setWindow(g), batch, pdy, pdx);
    this.finish();
  }

  activation(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    y: Float32Array,
  ): void {
    if (kind === 'tanh' || kind === 'sigmoid') {
      // Bound by exp and tanh, which JavaScript's Math computes as fast, and as the reference does.
      referenceKernels.activation(kind, alpha, n, x, y);
      return;
    }
    const px = this.input(x, 0, n);
    const py = this.output(y, 0, n);
    if (kind === 'relu') this.team.run(F.reluForward, 4 * n, n, px, py);
    else this.team.run(F.leakyReluForward, 4 * n, n, alpha, px, py);
    this.finish();
  }

  activationBackward(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void {
    if (kind === 'tanh' || kind === 'sigmoid') {
      referenceKernels.activationBackward(kind, alpha, n, x, y, dy, dx);
      return;
    }
    const px = this.input(x, 0, n);
    const pdy = this.input(dy, 0, n);
    const pdx = this.output(dx, 0, n);
    if (kind === 'relu') this.team.run(F.reluBackward, 4 * n, n, px, pdy, pdx);
    else this.team.run(F.leakyReluBackward, 4 * n, n, alpha, px, pdy, pdx);
    this.finish();
  }

  /** C[m, n] (+)= A·B with A(i,p) at a[aOff + i·aRow + p·aCol] and B(p,j) at b[bOff + p·bRow + j·bCol]. */
  private gemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aOff: number,
    aRow: number,
    aCol: number,
    b: Float32Array,
    bOff: number,
    bRow: number,
    bCol: number,
    c: Float32Array,
    cOff: number,
    accumulate: boolean,
  ): void {
    if (m === 0 || n === 0) return;
    const pa = this.input(a, aOff, m * k);
    const pb = this.input(b, bOff, k * n);
    const pc = this.output(c, cOff, m * n);
    const acc = accumulate ? 1 : 0;
    const s = this.scratch;
    const stride = this.scratchStride;
    const work = m * n * k;
    this.team.run(F.gemmColumns, work, m, n, k, pa, aRow, aCol, pb, bRow, bCol, pc, acc, s, stride);
    this.finish();
  }

  /** Makes every thread's scratch hold `bytes`. */
  private reserveScratch(bytes: number): void {
    const stride = Math.ceil(bytes / 64) * 64;
    if (stride <= this.scratchStride) return;
    this.scratch = this.arena.alloc(stride * this.team.parts);
    this.scratchStride = stride;
  }

  private reservePartials(floats: number): number {
    if (floats > this.partialFloats) {
      this.partials = this.arena.alloc(floats * 4);
      this.partialFloats = floats;
    }
    return this.partials;
  }

  private setWindow(g: WindowGeometry): number {
    const w = this.window / 4;
    const m = this.arena.i32;
    m[w] = g.channels;
    m[w + 1] = g.height;
    m[w + 2] = g.width;
    m[w + 3] = g.kernelH;
    m[w + 4] = g.kernelW;
    m[w + 5] = g.strideH;
    m[w + 6] = g.strideW;
    m[w + 7] = g.padH;
    m[w + 8] = g.padW;
    m[w + 9] = g.dilationH;
    m[w + 10] = g.dilationW;
    m[w + 11] = g.outH;
    m[w + 12] = g.outW;
    return this.window;
  }

  sgdUpdate(n: number, p: Float32Array, g: Float32Array, velocity: Float32Array, s: SgdStep): void {
    const pp = this.output(p, 0, n);
    const pg = this.input(g, 0, n);
    const pv = s.momentum > 0 ? this.output(velocity, 0, n) : 0;
    const flags = (s.momentum > 0 ? 1 : 0) | (s.nesterov ? 2 : 0) | (s.first ? 4 : 0);
    // About ten operations a parameter: the work a thread hand-over pays for.
    this.team.run(
      F.sgdUpdate,
      10 * n,
      n,
      pp,
      pg,
      pv,
      s.learningRate,
      s.momentum,
      s.weightDecay,
      flags,
    );
    this.finish();
  }

  adamUpdate(
    n: number,
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    s: AdamStep,
  ): void {
    const pp = this.output(p, 0, n);
    const pg = this.input(g, 0, n);
    const pm = this.output(m, 0, n);
    const pv = this.output(v, 0, n);
    this.team.run(
      F.adamUpdate,
      20 * n,
      n,
      pp,
      pg,
      pm,
      pv,
      s.l2,
      s.shrink,
      s.beta1,
      s.beta2,
      s.stepSize,
      s.correction2,
      s.epsilon,
    );
    this.finish();
  }

  /** The address of view[offset..offset+length) in the memory, copied in if it lives elsewhere. */
  private input(view: View, offset: number, length: number): number {
    if (this.arena.owns(view)) return view.byteOffset + offset * 4;
    return this.stage(view, offset, length).at;
  }

  /** As `input`, and a copied output goes back to its array when the kernel is done. */
  private output(view: View, offset: number, length: number): number {
    if (this.arena.owns(view)) return view.byteOffset + offset * 4;
    const staged = this.stage(view, offset, length);
    this.outputs.push(staged);
    return staged.at;
  }

  private stage(view: View, offset: number, length: number): Staged {
    const bytes = length * 4;
    if (this.stagingUsed + bytes > this.stagingBytes) {
      // A new region; what this call already staged stays valid in the old one.
      this.stagingBytes = Math.max(STAGING_MIN_BYTES, 2 * this.stagingBytes, 2 * bytes);
      this.stagingAt = this.arena.alloc(this.stagingBytes);
      this.stagingUsed = 0;
    }
    const at = this.stagingAt + this.stagingUsed;
    this.stagingUsed += Math.ceil(bytes / 64) * 64;
    bytesOf(this.arena.f32, at, bytes).set(bytesOf(view, view.byteOffset + offset * 4, bytes));
    return { view, offset, length, at };
  }

  private finish(): void {
    for (const s of this.outputs) {
      bytesOf(s.view, s.view.byteOffset + s.offset * 4, s.length * 4).set(
        bytesOf(this.arena.f32, s.at, s.length * 4),
      );
    }
    this.outputs.length = 0;
    this.stagingUsed = 0;
  }
}

function bytesOf(view: View, byteOffset: number, bytes: number): Uint8Array {
  return new Uint8Array(view.buffer, byteOffset, bytes);
}

const imageSize = (g: WindowGeometry) => g.channels * g.height * g.width;
const outputSize = (g: WindowGeometry) => g.channels * g.outH * g.outW;
