import { dotTile, packPanelsA } from './gemm';
import { madd } from './simd';
import { copyRun, zeroRun } from './runs';
import { columnRows, imageBytes, Window } from './window';

// Direct convolution for stride 1 and dilation 1 (the usual case), without im2col. One sample's
// input is copied into a zero-padded image xp[C, Hp, Wp] (Hp = H + 2·padH, Wp = W + 2·padW);
// then the column matrix im2col would build is xp itself, read at an offset per row:
// col[k, p′] = xp[off[k] + p′] with off[(c, i, j)] = (c·Hp + i)·Wp + j, over positions
// p′ = oy·Wp + ox that run across whole padded rows (ox < outW are outputs, the rest padding).
// So the forward is a GEMM whose B rows are read in place at off[k] (microTable), into
// out[F4, N8] (F rounded up to 4, N′ = outH·Wp to 8), then copied to y without the padding
// columns; the weight gradient is a dot product of dy, spread to the same padded positions with
// zeros between rows, and those same B rows (dotTable). Memory per part (bytes from `at`):
// see directScratchBytes.

/** Whether the direct path applies to this window. */
export function directOk(g: Window): bool {
  return g.strideH == 1 && g.strideW == 1 && g.dilationH == 1 && g.dilationW == 1;
}

// @ts-ignore: decorator
@inline
function roundUp(n: i32, to: i32): i32 {
  return ((n + to - 1) / to) * to;
}

// @ts-ignore: decorator
@inline
function paddedWidth(g: Window): i32 {
  return g.width + 2 * g.padW;
}

// @ts-ignore: decorator
@inline
function paddedHeight(g: Window): i32 {
  return g.height + 2 * g.padH;
}

/** N8: positions over whole padded rows, rounded up to the micro-kernel's 8. */
// @ts-ignore: decorator
@inline
function positions8(g: Window): i32 {
  return roundUp(g.outH * paddedWidth(g), 8);
}

/** Floats of xp: the image, and past it as far as the last row offset plus N8 reads. */
function paddedFloats(g: Window): i32 {
  const wp = paddedWidth(g);
  const image = g.channels * paddedHeight(g) * wp;
  const lastOffset = ((g.channels - 1) * paddedHeight(g) + g.kernelH - 1) * wp + g.kernelW - 1;
  return roundUp(max(image, lastOffset + positions8(g)), 4);
}

// Scratch of one part, from `at`: off[C·kh·kw] (i32, rounded up to 4), xp, the weights packed
// into panels (F4·C·kh·kw splats of 4 floats), then out[F4, N8] (forward) or spread dy (backward).

// @ts-ignore: decorator
@inline
function xpAt(g: Window, at: usize): usize {
  return at + <usize>roundUp(columnRows(g), 4) * 4;
}

// @ts-ignore: decorator
@inline
function packedAt(g: Window, at: usize): usize {
  return xpAt(g, at) + <usize>paddedFloats(g) * 4;
}

// @ts-ignore: decorator
@inline
function outAt(g: Window, filters: i32, at: usize): usize {
  return packedAt(g, at) + <usize>roundUp(filters, 4) * columnRows(g) * 16;
}

/** Bytes of a part's scratch. */
export function directScratchBytes(window: usize, filters: i32): usize {
  const g = changetype<Window>(window);
  return outAt(g, filters, 0) + <usize>roundUp(filters, 4) * positions8(g) * 4;
}

/** off[k] in bytes for k = (c, i, j) over C·kh·kw, as the module comment says. */
function writeOffsets(g: Window, offsets: usize): void {
  const wp = paddedWidth(g);
  let k: usize = 0;
  for (let c = 0; c < g.channels; c++) {
    for (let i = 0; i < g.kernelH; i++) {
      for (let j = 0; j < g.kernelW; j++) {
        store<i32>(offsets + k * 4, ((c * paddedHeight(g) + i) * wp + j) * 4);
        k++;
      }
    }
  }
}

/** The sample's image into xp's interior; the border was zeroed once and stays zero. */
function pad(g: Window, x: usize, xp: usize): void {
  const wp = paddedWidth(g);
  for (let c = 0; c < g.channels; c++) {
    for (let r = 0; r < g.height; r++) {
      const src = x + <usize>((c * g.height + r) * g.width) * 4;
      const dst = xp + <usize>(((c * paddedHeight(g) + r + g.padH) * wp + g.padW) * 4);
      copyRun(dst, src, g.width);
    }
  }
}

/** Sets up a part's scratch at `at` for a call: the offsets, and xp zeroed. */
function prepare(g: Window, at: usize): void {
  writeOffsets(g, at);
  zeroRun(xpAt(g, at), paddedFloats(g));
}

/** y[n] (+ bias) for samples [n0, n1), with scratch at `at` (directScratchBytes). */
export function directForward(
  g: Window,
  filters: i32,
  n0: i32,
  n1: i32,
  x: usize,
  weight: usize,
  bias: usize,
  y: usize,
  at: usize,
): void {
  const rows = columnRows(g);
  const wp = paddedWidth(g);
  const n8 = positions8(g);
  const f4 = roundUp(filters, 4);
  const offsets = at;
  const xp = xpAt(g, at);
  const packed = packedAt(g, at);
  const out = outAt(g, filters, at);
  prepare(g, at);
  packPanelsA(filters, rows, weight, rows, 1, packed);
  const inBytes = imageBytes(g);
  const outBytes = <usize>filters * g.outH * g.outW * 4;
  const ldc = <usize>n8 * 4;
  for (let n = n0; n < n1; n++) {
    pad(g, x + <usize>n * inBytes, xp);
    for (let f = 0; f < f4; f += 4) {
      const panel = packed + <usize>f * rows * 16;
      const c = out + <usize>f * ldc;
      for (let p = 0; p < n8; p += 8) {
        microTable(rows, panel, xp + <usize>p * 4, offsets, c + <usize>p * 4, ldc);
      }
    }
    // Drop the padding columns, add the bias.
    const yn = y + <usize>n * outBytes;
    for (let f = 0; f < filters; f++) {
      const b: f32 = bias ? load<f32>(bias + <usize>f * 4) : 0;
      for (let oy = 0; oy < g.outH; oy++) {
        const src = out + <usize>f * ldc + <usize>(oy * wp) * 4;
        const dst = yn + <usize>((f * g.outH + oy) * g.outW) * 4;
        copyAddRun(dst, src, g.outW, b);
      }
    }
  }
}

/**
 * dWeight[F, C·kh·kw] += Σ over samples [n0, n1) of dy[n]·col[n]ᵀ, the columns read from xp.
 * Scratch as directForward's; `out` holds dy spread over the padded positions.
 */
export function directWeightGradient(
  g: Window,
  filters: i32,
  n0: i32,
  n1: i32,
  x: usize,
  dy: usize,
  dWeight: usize,
  at: usize,
  tile: usize,
): void {
  const rows = columnRows(g);
  const wp = paddedWidth(g);
  const n8 = positions8(g);
  const offsets = at;
  const xp = xpAt(g, at);
  const spread = outAt(g, filters, at);
  prepare(g, at);
  zeroRun(spread, filters * n8); // padding columns stay zero
  const inBytes = imageBytes(g);
  const outBytes = <usize>filters * g.outH * g.outW * 4;
  for (let n = n0; n < n1; n++) {
    pad(g, x + <usize>n * inBytes, xp);
    const dyn = dy + <usize>n * outBytes;
    for (let f = 0; f < filters; f++) {
      for (let oy = 0; oy < g.outH; oy++) {
        const src = dyn + <usize>((f * g.outH + oy) * g.outW) * 4;
        copyRun(spread + <usize>(f * n8 + oy * wp) * 4, src, g.outW);
      }
    }
    dotTable(filters, rows, n8, spread, xp, offsets, dWeight, tile);
  }
}

/** dst[0, n) = src[0, n) + b. */
// @ts-ignore: decorator
@inline
function copyAddRun(dst: usize, src: usize, n: i32, b: f32): void {
  const bv = f32x4.splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(dst + <usize>i * 4, f32x4.add(v128.load(src + <usize>i * 4), bv));
  }
  for (; i < n; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4) + b);
}

/** C[4, 8] = A panel [kc][4 splats] · B, B's row k being the 8 floats at base + off[k]. */
// @ts-ignore: decorator
@inline
function microTable(kc: i32, ap: usize, base: usize, offsets: usize, c: usize, ldc: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const bp = base + <usize>load<i32>(offsets + <usize>k * 4);
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load(ap, 16);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load(ap, 32);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load(ap, 48);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 64;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * C[m, n] += Σ_p A[i, p]·B_j[p] over p < len (a multiple of 4), A's rows len apart and B_j at
 * base + off[j]: gemmDotNT's 2×4 tiles with B rows from the offset table.
 */
function dotTable(
  m: i32,
  n: i32,
  len: i32,
  a: usize,
  base: usize,
  offsets: usize,
  c: usize,
  tile: usize,
): void {
  const row = <usize>len * 4;
  for (let i0 = 0; i0 < m; i0 += 2) {
    const a0 = a + <usize>i0 * row;
    const a1 = i0 + 1 < m ? a0 + row : a0;
    for (let j0 = 0; j0 < n; j0 += 4) {
      const b0 = base + <usize>load<i32>(offsets + <usize>j0 * 4);
      const b1 = base + <usize>load<i32>(offsets + <usize>min(j0 + 1, n - 1) * 4);
      const b2 = base + <usize>load<i32>(offsets + <usize>min(j0 + 2, n - 1) * 4);
      const b3 = base + <usize>load<i32>(offsets + <usize>min(j0 + 3, n - 1) * 4);
      const c0 = c + (<usize>i0 * n + j0) * 4;
      dotTile(len, a0, a1, b0, b1, b2, b3, c0, <usize>n * 4, i0 + 1 < m, min(4, n - j0), true, tile);
    }
  }
}
