import type {
  AdamStep,
  BatchnormStep,
  Conv2dBackward,
  Conv2dForward,
  ElementwiseActivation,
  Gemm,
  Kernels,
  SgdStep,
  WindowGeometry,
} from '../types';
import type { Arena } from './arena';
import { WINDOW_BYTES, writeWindow, type DirectCalls, type PartCalls } from './generated/interface';
import type { Team } from './team';

// The Kernels seam over the WebAssembly exports, every call split over the team's threads and
// made through the interface generated from assembly/ (generated/interface.ts).
// Arrays the arena handed out (every buffer of a network made with these kernels) are used in
// place; any other array is copied into the memory and, for outputs, back, so the kernels accept
// whatever the reference accepts.

const STAGING_MIN_BYTES = 1 << 20;

/**
 * Rough operations per value of the smooth activations (an exp is some twenty; GELU's series some
 * fifteen terms more), the work a team weighs against a thread hand-over.
 */
const SMOOTH_WORK = { sigmoid: 25, tanh: 25, silu: 30, gelu: 80 } as const;

type View = Float32Array | Int32Array | Float64Array;

interface Staged {
  view: View;
  offset: number;
  length: number;
  at: number;
}

export class WasmKernels implements Kernels {
  /** Where the current call's window geometry is written, as assembly/window.ts's Window. */
  private readonly window: number;
  private readonly calls: PartCalls;
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
  private readonly groupWindows = new WeakMap<WindowGeometry, WindowGeometry>();

  constructor(
    readonly name: string,
    readonly note: string,
    private readonly arena: Arena,
    private readonly team: Team,
    private readonly sizes: DirectCalls,
  ) {
    this.calls = team.calls;
    this.window = arena.alloc(WINDOW_BYTES);
    this.reserveScratch(sizes.gemmScratchBytes());
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

  newFloat64(length: number): Float64Array {
    return this.arena.float64(length);
  }

  zero(x: Float32Array, n: number): void {
    if (!this.arena.owns(x)) {
      x.fill(0, 0, n);
      return;
    }
    this.calls.zero({ count: n, x: x.byteOffset }, n);
  }

  readonly gemmNN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) =>
    this.gemm(m, n, k, a, aOff, k, 1, b, bOff, n, 1, c, cOff, accumulate);

  readonly gemmTN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) =>
    this.gemm(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, accumulate);

  readonly gemmNT: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) =>
    this.gemm(m, n, k, a, aOff, k, 1, b, bOff, 1, k, c, cOff, accumulate);

  readonly conv2dForward: Conv2dForward = (g, filters, groups, batch, x, weight, bias, y) => {
    if (groups > 1 && groups === g.channels) {
      this.depthwiseForward(g, filters, batch, x, weight, bias, y);
      return;
    }
    if (groups > 1) {
      this.groupedConv2dForward(g, filters, groups, batch, x, weight, bias, y);
      return;
    }
    const rows = g.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.sizes.convScratchBytes({ window: w, filters }));
    this.calls.conv2dForward(
      {
        window: w,
        filters,
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        weight: this.input(weight, 0, filters * rows),
        bias: bias ? this.input(bias, 0, filters) : 0,
        y: this.output(y, 0, batch * filters * positions),
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      batch * filters * rows * positions,
    );
    this.finish();
  };

  readonly conv2dBackward: Conv2dBackward = (
    g,
    filters,
    groups,
    batch,
    x,
    dy,
    weight,
    dWeight,
    dBias,
    dx,
  ) => {
    if (groups > 1 && groups === g.channels) {
      this.depthwiseBackward(g, filters, batch, x, dy, weight, dWeight, dBias, dx);
      return;
    }
    if (groups > 1) {
      this.groupedConv2dBackward(g, filters, groups, batch, x, dy, weight, dWeight, dBias, dx);
      return;
    }
    const rows = g.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.sizes.convScratchBytes({ window: w, filters }));
    const partials = this.reservePartials(this.sizes.conv2dPartialFloats({ filters, rows }));
    this.calls.conv2dBackward(
      {
        window: w,
        filters,
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        dy: this.input(dy, 0, batch * filters * positions),
        weight: this.input(weight, 0, filters * rows),
        partials,
        bias: dBias !== null,
        dx: dx ? this.output(dx, 0, batch * imageSize(g)) : 0,
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      (dx ? 2 : 1) * batch * filters * rows * positions,
    );
    this.sumWeightGradients(filters, rows, partials, dWeight, dBias);
    this.finish();
  };

  /** Depthwise (groups = C): the direct kernel of assembly/depthwise.ts, no columns. */
  private depthwiseForward(
    g: WindowGeometry,
    filters: number,
    batch: number,
    x: Float32Array,
    weight: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
  ): void {
    const rows = g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.sizes.depthwiseScratchBytes({ window: w }));
    this.calls.depthwiseForward(
      {
        window: w,
        filters,
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        weight: this.input(weight, 0, filters * rows),
        bias: bias ? this.input(bias, 0, filters) : 0,
        y: this.output(y, 0, batch * filters * positions),
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      batch * filters * rows * positions,
    );
    this.finish();
  }

  private depthwiseBackward(
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
    const rows = g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(g);
    this.reserveScratch(this.sizes.depthwiseScratchBytes({ window: w }));
    const partials = this.reservePartials(this.sizes.conv2dPartialFloats({ filters, rows }));
    this.calls.depthwiseBackward(
      {
        window: w,
        filters,
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        dy: this.input(dy, 0, batch * filters * positions),
        weight: this.input(weight, 0, filters * rows),
        partials,
        bias: dBias !== null,
        dx: dx ? this.output(dx, 0, batch * imageSize(g)) : 0,
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      (dx ? 2 : 1) * batch * filters * rows * positions,
    );
    this.sumWeightGradients(filters, rows, partials, dWeight, dBias);
    this.finish();
  }

  /** One group's window (C/G channels), made once per layer geometry. */
  private groupWindow(g: WindowGeometry, groups: number): WindowGeometry {
    let window = this.groupWindows.get(g);
    if (!window) {
      window = { ...g, channels: g.channels / groups };
      this.groupWindows.set(g, window);
    }
    return window;
  }

  /** Each sample's groups as one-sample convolutions of C/G channels, at offsets into x, weight and y. */
  private groupedConv2dForward(
    g: WindowGeometry,
    filters: number,
    groups: number,
    batch: number,
    x: Float32Array,
    weight: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
  ): void {
    const gg = this.groupWindow(g, groups);
    const perGroup = filters / groups;
    const rows = gg.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(gg);
    this.reserveScratch(this.sizes.convScratchBytes({ window: w, filters: perGroup }));
    const px = this.input(x, 0, batch * imageSize(g));
    const pw = this.input(weight, 0, filters * rows);
    const pb = bias ? this.input(bias, 0, filters) : 0;
    const py = this.output(y, 0, batch * filters * positions);
    const inBytes = imageSize(gg) * 4;
    const outBytes = perGroup * positions * 4;
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < groups; k++) {
        const i = n * groups + k;
        this.calls.conv2dForward(
          {
            window: w,
            filters: perGroup,
            batch: 1,
            x: px + i * inBytes,
            weight: pw + k * perGroup * rows * 4,
            bias: pb ? pb + k * perGroup * 4 : 0,
            y: py + i * outBytes,
            scratch: this.scratch,
            stride: this.scratchStride,
          },
          perGroup * rows * positions,
        );
      }
    }
    this.finish();
  }

  private groupedConv2dBackward(
    g: WindowGeometry,
    filters: number,
    groups: number,
    batch: number,
    x: Float32Array,
    dy: Float32Array,
    weight: Float32Array,
    dWeight: Float32Array,
    dBias: Float32Array | null,
    dx: Float32Array | null,
  ): void {
    const gg = this.groupWindow(g, groups);
    const perGroup = filters / groups;
    const rows = gg.channels * g.kernelH * g.kernelW;
    const positions = g.outH * g.outW;
    const w = this.setWindow(gg);
    this.reserveScratch(this.sizes.convScratchBytes({ window: w, filters: perGroup }));
    const partials = this.reservePartials(
      this.sizes.conv2dPartialFloats({ filters: perGroup, rows }),
    );
    const px = this.input(x, 0, batch * imageSize(g));
    const pdy = this.input(dy, 0, batch * filters * positions);
    const pw = this.input(weight, 0, filters * rows);
    const pdw = this.output(dWeight, 0, filters * rows);
    const pdb = dBias ? this.output(dBias, 0, filters) : 0;
    const pdx = dx ? this.output(dx, 0, batch * imageSize(g)) : 0;
    const inBytes = imageSize(gg) * 4;
    const outBytes = perGroup * positions * 4;
    for (let n = 0; n < batch; n++) {
      for (let k = 0; k < groups; k++) {
        const i = n * groups + k;
        this.calls.conv2dBackward(
          {
            window: w,
            filters: perGroup,
            batch: 1,
            x: px + i * inBytes,
            dy: pdy + i * outBytes,
            weight: pw + k * perGroup * rows * 4,
            partials,
            bias: dBias !== null,
            dx: pdx ? pdx + i * inBytes : 0,
            scratch: this.scratch,
            stride: this.scratchStride,
          },
          (dx ? 2 : 1) * perGroup * rows * positions,
        );
        this.calls.conv2dGradientSum(
          {
            filters: perGroup,
            rows,
            partials,
            dWeight: pdw + k * perGroup * rows * 4,
            dBias: pdb ? pdb + k * perGroup * 4 : 0,
          },
          perGroup * rows * 4,
        );
      }
    }
    this.finish();
  }

  maxPool(
    g: WindowGeometry,
    batch: number,
    x: Float32Array,
    y: Float32Array,
    argmax: Int32Array,
  ): void {
    const window = this.setWindow(g);
    this.reserveScratch(this.sizes.maxPoolScratchBytes({ window }));
    this.calls.maxPool(
      {
        window,
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        y: this.output(y, 0, batch * outputSize(g)),
        argmax: this.output(argmax, 0, batch * outputSize(g)),
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      batch * outputSize(g) * g.kernelH * g.kernelW,
    );
    this.finish();
  }

  maxPoolBackward(
    g: WindowGeometry,
    batch: number,
    dy: Float32Array,
    argmax: Int32Array,
    dx: Float32Array,
  ): void {
    this.calls.maxPoolBackward(
      {
        window: this.setWindow(g),
        batch,
        dy: this.input(dy, 0, batch * outputSize(g)),
        argmax: this.input(argmax, 0, batch * outputSize(g)),
        dx: this.output(dx, 0, batch * imageSize(g)),
      },
      4 * batch * outputSize(g),
    );
    this.finish();
  }

  avgPool(g: WindowGeometry, batch: number, x: Float32Array, y: Float32Array): void {
    this.calls.avgPool(
      {
        window: this.setWindow(g),
        batch,
        x: this.input(x, 0, batch * imageSize(g)),
        y: this.output(y, 0, batch * outputSize(g)),
      },
      batch * outputSize(g) * g.kernelH * g.kernelW,
    );
    this.finish();
  }

  avgPoolBackward(g: WindowGeometry, batch: number, dy: Float32Array, dx: Float32Array): void {
    this.calls.avgPoolBackward(
      {
        window: this.setWindow(g),
        batch,
        dy: this.input(dy, 0, batch * outputSize(g)),
        dx: this.output(dx, 0, batch * imageSize(g)),
      },
      batch * outputSize(g) * g.kernelH * g.kernelW,
    );
    this.finish();
  }

  activation(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    y: Float32Array,
  ): void {
    const px = this.input(x, 0, n);
    const py = this.output(y, 0, n);
    const p = { count: n, x: px, y: py };
    switch (kind) {
      case 'relu':
        this.calls.reluForward(p, 4 * n);
        break;
      case 'leakyrelu':
        this.calls.leakyReluForward({ ...p, alpha }, 4 * n);
        break;
      case 'relu6':
        this.calls.relu6Forward(p, 4 * n);
        break;
      case 'sigmoid':
        this.calls.sigmoidForward(p, SMOOTH_WORK.sigmoid * n);
        break;
      case 'tanh':
        this.calls.tanhForward(p, SMOOTH_WORK.tanh * n);
        break;
      case 'silu':
        this.calls.siluForward(p, SMOOTH_WORK.silu * n);
        break;
      case 'gelu':
        this.calls.geluForward(p, SMOOTH_WORK.gelu * n);
        break;
    }
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
    const pdy = this.input(dy, 0, n);
    const pdx = this.output(dx, 0, n);
    // Sigmoid and tanh are differentiated through y = f(x), the others through x.
    const byY = kind === 'sigmoid' || kind === 'tanh';
    const at = byY ? this.input(y, 0, n) : this.input(x, 0, n);
    switch (kind) {
      case 'relu':
        this.calls.reluBackward({ count: n, x: at, dy: pdy, dx: pdx }, 4 * n);
        break;
      case 'leakyrelu':
        this.calls.leakyReluBackward({ count: n, alpha, x: at, dy: pdy, dx: pdx }, 4 * n);
        break;
      case 'relu6':
        this.calls.relu6Backward({ count: n, x: at, dy: pdy, dx: pdx }, 4 * n);
        break;
      case 'sigmoid':
        this.calls.sigmoidBackward({ count: n, y: at, dy: pdy, dx: pdx }, 4 * n);
        break;
      case 'tanh':
        this.calls.tanhBackward({ count: n, y: at, dy: pdy, dx: pdx }, 4 * n);
        break;
      case 'silu':
        this.calls.siluBackward({ count: n, x: at, dy: pdy, dx: pdx }, SMOOTH_WORK.silu * n);
        break;
      case 'gelu':
        this.calls.geluBackward({ count: n, x: at, dy: pdy, dx: pdx }, 2 * SMOOTH_WORK.gelu * n);
        break;
    }
    this.finish();
  }

  batchnormForward(
    s: BatchnormStep,
    x: Float32Array,
    y: Float32Array,
    xHat: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    runningMean: Float32Array,
    runningVar: Float32Array,
    invStd: Float64Array,
  ): void {
    const n = s.batch * s.channels * s.spatial;
    const c = s.channels;
    this.calls.batchnormForward(
      {
        channels: c,
        spatial: s.spatial,
        batch: s.batch,
        training: s.training,
        momentum: s.momentum,
        epsilon: s.epsilon,
        x: this.input(x, 0, n),
        y: this.output(y, 0, n),
        xHat: this.output(xHat, 0, n),
        gamma: this.input(gamma, 0, c),
        beta: this.input(beta, 0, c),
        runningMean: this.output(runningMean, 0, c),
        runningVar: this.output(runningVar, 0, c),
        invStd: this.output(invStd, 0, 2 * c),
      },
      8 * n,
    );
    this.finish();
  }

  batchnormBackward(
    s: BatchnormStep,
    dy: Float32Array,
    xHat: Float32Array,
    gamma: Float32Array,
    invStd: Float64Array,
    dGamma: Float32Array,
    dBeta: Float32Array,
    dx: Float32Array | null,
  ): void {
    const n = s.batch * s.channels * s.spatial;
    const c = s.channels;
    this.calls.batchnormBackward(
      {
        channels: c,
        spatial: s.spatial,
        batch: s.batch,
        trained: s.training,
        dy: this.input(dy, 0, n),
        xHat: this.input(xHat, 0, n),
        gamma: this.input(gamma, 0, c),
        invStd: this.input(invStd, 0, 2 * c),
        dGamma: this.output(dGamma, 0, c),
        dBeta: this.output(dBeta, 0, c),
        dx: dx ? this.output(dx, 0, n) : 0,
      },
      8 * n,
    );
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
    this.calls.gemmColumns(
      {
        m,
        n,
        k,
        a: this.input(a, aOff, m * k),
        aRow,
        aCol,
        b: this.input(b, bOff, k * n),
        bRow,
        bCol,
        c: this.output(c, cOff, m * n),
        accumulate,
        scratch: this.scratch,
        stride: this.scratchStride,
      },
      m * n * k,
    );
    this.finish();
  }

  /** Makes every thread's scratch hold `bytes`. */
  /** dWeight (and dBias) += the partial sums a convolution backward left, in range order. */
  private sumWeightGradients(
    filters: number,
    rows: number,
    partials: number,
    dWeight: Float32Array,
    dBias: Float32Array | null,
  ): void {
    this.calls.conv2dGradientSum(
      {
        filters,
        rows,
        partials,
        dWeight: this.output(dWeight, 0, filters * rows),
        dBias: dBias ? this.output(dBias, 0, filters) : 0,
      },
      filters * rows * 4,
    );
  }

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
    writeWindow(this.arena.i32, this.window, g);
    return this.window;
  }

  sgdUpdate(n: number, p: Float32Array, g: Float32Array, velocity: Float32Array, s: SgdStep): void {
    const withMomentum = s.momentum > 0;
    // About ten operations a parameter: the work a thread hand-over pays for.
    this.calls.sgdUpdate(
      {
        count: n,
        p: this.output(p, 0, n),
        g: this.input(g, 0, n),
        velocity: withMomentum ? this.output(velocity, 0, n) : 0,
        learningRate: s.learningRate,
        momentum: s.momentum,
        weightDecay: s.weightDecay,
        withMomentum,
        nesterov: s.nesterov,
        first: s.first,
      },
      10 * n,
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
    this.calls.adamUpdate(
      {
        count: n,
        p: this.output(p, 0, n),
        g: this.input(g, 0, n),
        m: this.output(m, 0, n),
        v: this.output(v, 0, n),
        l2: s.l2,
        shrink: s.shrink,
        beta1: s.beta1,
        beta2: s.beta2,
        stepSize: s.stepSize,
        correction2: s.correction2,
        epsilon: s.epsilon,
      },
      20 * n,
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
