// The seam between the layers and their hot loops. Buffers are passed with element offsets
// (not subarray views) so a step allocates nothing and a faster implementation can treat
// them as pointers into one memory. All matrices are row-major.

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

/** The activations computed element by element (softmax works on rows, in its layer). */
export type ElementwiseActivation = 'relu' | 'leakyrelu' | 'tanh' | 'sigmoid';

export interface Kernels {
  readonly name: string;
  /** A zeroed array these kernels work on in place (the WebAssembly kernels' own memory). */
  newFloat32(length: number): Float32Array;
  newInt32(length: number): Int32Array;
  /** C[M,N] = A[M,K]·B[K,N] (+ C when accumulate). */
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
  ): void;
  /** C[M,N] = A[K,M]ᵀ·B[K,N] (+ C when accumulate). */
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
  ): void;
  /** C[M,N] = A[M,K]·B[N,K]ᵀ (+ C when accumulate). */
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
  ): void;
  /** col[C·kh·kw, outH·outW] from one image x[C,H,W]; padded cells are 0. */
  im2col(g: WindowGeometry, x: Float32Array, xOff: number, col: Float32Array, colOff: number): void;
  /** dx[C,H,W] += the columns folded back onto the image (the adjoint of im2col). */
  col2im(
    g: WindowGeometry,
    col: Float32Array,
    colOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void;
  /** y[C,outH,outW] = window maxima of x[C,H,W], never a padded cell; argmax[i] = index into x. */
  maxPool(
    g: WindowGeometry,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
    argmax: Int32Array,
    aOff: number,
  ): void;
  /** dx[argmax[i]] += dy[i] for one image. */
  maxPoolBackward(
    count: number,
    dy: Float32Array,
    dyOff: number,
    argmax: Int32Array,
    aOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void;
  /** y = window means of x, padded zeros counted in the divisor. */
  avgPool(g: WindowGeometry, x: Float32Array, xOff: number, y: Float32Array, yOff: number): void;
  /** dx += dy spread evenly over each window (the adjoint of avgPool). */
  avgPoolBackward(
    g: WindowGeometry,
    dy: Float32Array,
    dyOff: number,
    dx: Float32Array,
    dxOff: number,
  ): void;
  /** y[0..n) = f(x[0..n)); `alpha` is leaky ReLU's slope. */
  activation(
    kind: ElementwiseActivation,
    alpha: number,
    n: number,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
  ): void;
  /** dx[0..n) += f'(x)·dy, written with y = f(x) where that is the stable form. */
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
  ): void;
  /** y[r, 0..cols) += bias[r] for each of `rows` rows (a convolution's bias on its maps). */
  addBias(
    rows: number,
    cols: number,
    bias: Float32Array,
    bOff: number,
    y: Float32Array,
    yOff: number,
  ): void;
  /** sums[r] += Σ y[r, 0..cols) for each of `rows` rows (that bias's gradient). */
  sumRows(
    rows: number,
    cols: number,
    y: Float32Array,
    yOff: number,
    sums: Float32Array,
    sOff: number,
  ): void;
}
