import { referenceKernels } from '../reference';
import type { ElementwiseActivation, Kernels, WindowGeometry } from '../types';
import type { Arena } from './arena';

// The Kernels seam over the WebAssembly exports. Arrays the arena handed out (every buffer of a
// network made with these kernels) are used in place; any other array is copied into the memory
// and, for outputs, back, so the kernels accept whatever the reference accepts.

/** The WebAssembly module's exports (assembly/index.ts); addresses are bytes. */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(): number;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    bRow: number,
    bCol: number,
    c: number,
    accumulate: boolean,
    scratch: number,
  ): void;
  gemmDotNT(
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    accumulate: boolean,
    tile: number,
  ): void;
  // `window` is the address of the geometry: 13 i32 in WindowGeometry's order.
  im2col(window: number, x: number, col: number): void;
  col2im(window: number, col: number, dx: number): void;
  maxPool(window: number, x: number, y: number, argmax: number): void;
  maxPoolBackward(count: number, dy: number, argmax: number, dx: number): void;
  avgPool(window: number, x: number, y: number): void;
  avgPoolBackward(window: number, dy: number, dx: number): void;
  reluForward(n: number, x: number, y: number): void;
  reluBackward(n: number, x: number, dy: number, dx: number): void;
  leakyReluForward(n: number, alpha: number, x: number, y: number): void;
  leakyReluBackward(n: number, alpha: number, x: number, dy: number, dx: number): void;
  addBias(rows: number, cols: number, bias: number, y: number): void;
  sumRows(rows: number, cols: number, y: number, sums: number): void;
}

// A·Bᵀ with at most this many rows of A runs as dot products over the long K of a convolution's
// weight gradient, reading both operands in place; taller products pack Bᵀ for the micro-kernel.
const DOT_MAX_ROWS = 16;
const STAGING_MIN_BYTES = 1 << 20;

type View = Float32Array | Int32Array;

interface Staged {
  view: View;
  offset: number;
  length: number;
  at: number;
}

export class WasmKernels implements Kernels {
  private readonly scratch: number;
  /** Where the window geometry of the current call is written. */
  private readonly window: number;
  private stagingAt = 0;
  private stagingBytes = 0;
  private stagingUsed = 0;
  private readonly outputs: Staged[] = [];

  constructor(
    readonly name: string,
    private readonly exports: KernelExports,
    private readonly arena: Arena,
  ) {
    this.scratch = arena.alloc(exports.gemmScratchBytes());
    this.window = arena.alloc(13 * 4);
  }

  newFloat32(length: number): Float32Array {
    return this.arena.float32(length);
  }

  newInt32(length: number): Int32Array {
    return this.arena.int32(length);
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
    if (m === 0 || n === 0) return;
    const pa = this.input(a, aOff, m * k);
    const pb = this.input(b, bOff, k * n);
    const pc = this.output(c, cOff, m * n);
    this.exports.gemm(m, n, k, pa, k, 1, pb, n, 1, pc, accumulate, this.scratch);
    this.finish();
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
    if (m === 0 || n === 0) return;
    const pa = this.input(a, aOff, k * m);
    const pb = this.input(b, bOff, k * n);
    const pc = this.output(c, cOff, m * n);
    this.exports.gemm(m, n, k, pa, 1, m, pb, n, 1, pc, accumulate, this.scratch);
    this.finish();
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
    if (m === 0 || n === 0) return;
    const pa = this.input(a, aOff, m * k);
    const pb = this.input(b, bOff, n * k);
    const pc = this.output(c, cOff, m * n);
    if (m <= DOT_MAX_ROWS) this.exports.gemmDotNT(m, n, k, pa, pb, pc, accumulate, this.scratch);
    else this.exports.gemm(m, n, k, pa, k, 1, pb, 1, k, pc, accumulate, this.scratch);
    this.finish();
  }

  im2col(
    g: WindowGeometry,
    x: Float32Array,
    xOff: number,
    col: Float32Array,
    colOff: number,
  ): void {
    const px = this.input(x, xOff, imageSize(g));
    const pcol = this.output(col, colOff, columnsSize(g));
    this.exports.im2col(this.setWindow(g), px, pcol);
    this.finish();
  }

  col2im(
    g: WindowGeometry,
    col: Float32Array,
    colOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void {
    const pcol = this.input(col, colOff, columnsSize(g));
    const pdx = this.output(dx, dxOff, imageSize(g));
    this.exports.col2im(this.setWindow(g), pcol, pdx);
    this.finish();
  }

  maxPool(
    g: WindowGeometry,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
    argmax: Int32Array,
    aOff: number,
  ): void {
    const px = this.input(x, xOff, imageSize(g));
    const py = this.output(y, yOff, outputSize(g));
    const pa = this.output(argmax, aOff, outputSize(g));
    this.exports.maxPool(this.setWindow(g), px, py, pa);
    this.finish();
  }

  maxPoolBackward(
    count: number,
    dy: Float32Array,
    dyOff: number,
    argmax: Int32Array,
    aOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void {
    const pdy = this.input(dy, dyOff, count);
    const pa = this.input(argmax, aOff, count);
    // The winners may be anywhere in the image, whose size this call is not told.
    const pdx = this.output(dx, dxOff, dx.length - dxOff);
    this.exports.maxPoolBackward(count, pdy, pa, pdx);
    this.finish();
  }

  avgPool(g: WindowGeometry, x: Float32Array, xOff: number, y: Float32Array, yOff: number): void {
    const px = this.input(x, xOff, imageSize(g));
    const py = this.output(y, yOff, outputSize(g));
    this.exports.avgPool(this.setWindow(g), px, py);
    this.finish();
  }

  avgPoolBackward(
    g: WindowGeometry,
    dy: Float32Array,
    dyOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void {
    const pdy = this.input(dy, dyOff, outputSize(g));
    const pdx = this.output(dx, dxOff, imageSize(g));
    this.exports.avgPoolBackward(this.setWindow(g), pdy, pdx);
    this.finish();
  }

  activation(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
  ): void {
    if (kind === 'tanh' || kind === 'sigmoid') {
      // Bound by exp and tanh, which JavaScript's Math computes as fast, and as the reference does.
      referenceKernels.activation(kind, alpha, n, x, xOff, y, yOff);
      return;
    }
    const px = this.input(x, xOff, n);
    const py = this.output(y, yOff, n);
    if (kind === 'relu') this.exports.reluForward(n, px, py);
    else this.exports.leakyReluForward(n, alpha, px, py);
    this.finish();
  }

  activationBackward(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
    dy: Float32Array,
    dyOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void {
    if (kind === 'tanh' || kind === 'sigmoid') {
      referenceKernels.activationBackward(kind, alpha, n, x, xOff, y, yOff, dy, dyOff, dx, dxOff);
      return;
    }
    const px = this.input(x, xOff, n);
    const pdy = this.input(dy, dyOff, n);
    const pdx = this.output(dx, dxOff, n);
    if (kind === 'relu') this.exports.reluBackward(n, px, pdy, pdx);
    else this.exports.leakyReluBackward(n, alpha, px, pdy, pdx);
    this.finish();
  }

  addBias(
    rows: number,
    cols: number,
    bias: Float32Array,
    bOff: number,
    y: Float32Array,
    yOff: number,
  ): void {
    const pb = this.input(bias, bOff, rows);
    const py = this.output(y, yOff, rows * cols);
    this.exports.addBias(rows, cols, pb, py);
    this.finish();
  }

  sumRows(
    rows: number,
    cols: number,
    y: Float32Array,
    yOff: number,
    sums: Float32Array,
    sOff: number,
  ): void {
    const py = this.input(y, yOff, rows * cols);
    const ps = this.output(sums, sOff, rows);
    this.exports.sumRows(rows, cols, py, ps);
    this.finish();
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
    this.stagingUsed += Math.ceil(bytes / 16) * 16;
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
const columnsSize = (g: WindowGeometry) => g.channels * g.kernelH * g.kernelW * g.outH * g.outW;
