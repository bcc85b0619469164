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

export interface Kernels {
  readonly name: string;
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
}
