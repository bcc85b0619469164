// The seam between the layers and their hot loops. Each call covers a whole batch, so a faster
// implementation can split it over threads. Buffers are the network's arrays (GEMM operands with
// element offsets), so a step allocates nothing and a faster implementation can treat them as
// pointers into one memory. All matrices are row-major; images are [N, C, H, W].

import type { ElementwiseActivation } from '../math/activations';

export type { ElementwiseActivation };

/** Geometry of a 2-D window sliding over one `[C, H, W]` image. */
export interface WindowGeometry {
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

/**
 * C[M,N] = op(A)·op(B) (+ C when accumulate), the operands at element offsets into their arrays;
 * gemmNN, gemmTN and gemmNT say which operand is read transposed.
 */
export type Gemm = (
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
) => void;

/**
 * Convolution of x[N, C, H, W] with weight[F, C/G·kh·kw] (+ bias[F]) into y[N, F, outH, outW],
 * in G groups (g.channels is all C): per sample and group, y[n, F/G filters of the group] =
 * weight[the group's rows] · im2col(x[n, C/G channels of the group]), the columns of shape
 * [C/G·kh·kw, outH·outW].
 */
export type Conv2dForward = (
  g: WindowGeometry,
  filters: number,
  groups: number,
  batch: number,
  x: Float32Array,
  weight: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
) => void;

/**
 * Its gradients, added in, per group: dWeight += Σₙ dy[n]·im2col(x[n])ᵀ, dBias += Σₙ rows of
 * dy[n], and dx[n] += col2im(weightᵀ·dy[n]) (no dx for a network's input). Nothing is kept from
 * the forward: a batch's columns would be megabytes through memory twice.
 */
export type Conv2dBackward = (
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
) => void;

export interface Kernels {
  readonly name: string;
  /** Why faster kernels are not in use, where something is missing; empty or absent otherwise. */
  readonly note?: string;
  /** A zeroed array these kernels work on in place (the WebAssembly kernels' own memory). */
  newFloat32(length: number): Float32Array;
  newInt32(length: number): Int32Array;
  newFloat64(length: number): Float64Array;
  /** Ends helper threads now rather than when the kernels are collected (nothing to end: absent). */
  release?(): void;
  /** x[0..n) = 0 (gradient buffers before a backward pass accumulates into them). */
  zero(x: Float32Array, n: number): void;
  /** C[M,N] = A[M,K]·B[K,N] (+ C when accumulate). */
  gemmNN: Gemm;
  /** C[M,N] = A[K,M]ᵀ·B[K,N] (+ C when accumulate). */
  gemmTN: Gemm;
  /** C[M,N] = A[M,K]·B[N,K]ᵀ (+ C when accumulate). */
  gemmNT: Gemm;
  conv2dForward: Conv2dForward;
  conv2dBackward: Conv2dBackward;
  /** y[N, C, outH, outW] = window maxima of x, never a padded cell; argmax = index in x's image. */
  maxPool(
    g: WindowGeometry,
    batch: number,
    x: Float32Array,
    y: Float32Array,
    argmax: Int32Array,
  ): void;
  /** dx[n][argmax[n, i]] += dy[n, i]. */
  maxPoolBackward(
    g: WindowGeometry,
    batch: number,
    dy: Float32Array,
    argmax: Int32Array,
    dx: Float32Array,
  ): void;
  /** y = window means of x, padded zeros counted in the divisor. */
  avgPool(g: WindowGeometry, batch: number, x: Float32Array, y: Float32Array): void;
  /** dx += dy spread evenly over each window (the adjoint of avgPool). */
  avgPoolBackward(g: WindowGeometry, batch: number, dy: Float32Array, dx: Float32Array): void;
  /** y[0..n) = f(x[0..n)); `alpha` is leaky ReLU's slope. */
  activation(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    y: Float32Array,
  ): void;
  /** dx[0..n) += f'(x)·dy, written with y = f(x) where that is the stable form. */
  activationBackward(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
  ): void;
  /**
   * Batch norm of x[N, C, S] into y, keeping x̂ and 1/σ per channel for backward; in training the
   * batch's statistics, moving the running ones (see reference/batchnorm.ts).
   */
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
  ): void;
  /** dγ, dβ and dx (where given) added in, from the forward's x̂ and 1/σ; `s.training` as it ran. */
  batchnormBackward(
    s: BatchnormStep,
    dy: Float32Array,
    xHat: Float32Array,
    gamma: Float32Array,
    invStd: Float64Array,
    dGamma: Float32Array,
    dBeta: Float32Array,
    dx: Float32Array | null,
  ): void;
  /** One SGD step over p[0..n) (see optim/sgd.ts); `velocity` is read only with momentum. */
  sgdUpdate(n: number, p: Float32Array, g: Float32Array, velocity: Float32Array, s: SgdStep): void;
  /** One Adam or AdamW step over p[0..n) (see optim/adam.ts). */
  adamUpdate(
    n: number,
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    s: AdamStep,
  ): void;
}

/** A batch norm's sizes (x is [batch, channels, spatial]) and settings. */
export interface BatchnormStep {
  channels: number;
  spatial: number;
  batch: number;
  training: boolean;
  momentum: number;
  epsilon: number;
}

/** An SGD step's settings; `first` is the first step, whose momentum buffer starts as d. */
export interface SgdStep {
  learningRate: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
  first: boolean;
}

/** An Adam step's scalars: g + l2·p, p·shrink − stepSize·m / (√v / correction2 + ε). */
export interface AdamStep {
  l2: number;
  shrink: number;
  beta1: number;
  beta2: number;
  stepSize: number;
  correction2: number;
  epsilon: number;
}
