import { partStart } from './parts';
import { zeroRun } from './runs';
import { madd } from './simd';

// Register-blocked single-precision GEMM, C[M,N] (+)= A·B, one driver for A·B, Aᵀ·B and A·Bᵀ:
// A and B are described by element strides, A(i,p) at a + 4·(i·aRow + p·aCol) and B(p,j) at
// b + 4·(p·bRow + j·bCol); C is row-major with N columns. Goto-style blocking: K in slices of
// KC, N in blocks of NC, M in blocks of MC; A is packed into panels of MR rows ([kc][MR],
// zero-padded), B into panels of NR columns ([kc][NR]) when that pays, else read in place.
// A 4×8 micro-kernel keeps 8 accumulators of 4 lanes in registers: V8 on x86-64 allocates 15
// of the 16 vector registers, so a 6×8 tile (12 accumulators, 2 B vectors, 1 A) spills, and
// measured half as fast (33 against 62 GFLOP/s at 256² with FMA). Addresses are bytes.

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 80; // a multiple of MR
const NC = 512; // a multiple of NR

const A_BYTES: usize = MC * KC * 16;
const B_BYTES: usize = KC * NC * 4;
const TILE_BYTES: usize = MR * NR * 4;

// A·Bᵀ with at most this many rows of A runs as dot products over the long K of a convolution's
// weight gradient, reading both operands in place; taller products pack Bᵀ for the micro-kernel.
// Decided on the whole product, never on a thread's part of it, so parts compute the same bits.
const DOT_MAX_ROWS = 16;

// @ts-ignore: decorator
@inline
export function useDot(m: i32, aCol: i32, bRow: i32): bool {
  return aCol == 1 && bRow == 1 && m <= DOT_MAX_ROWS;
}

/**
 * C's columns that are part `part` of `parts`, in blocks of the micro-kernel's 8: splitting
 * columns repeats only A's packing in each part (the smaller one for a network's GEMMs), and
 * leaves every element's arithmetic as one part would do it. Scratch at scratch + part·stride.
 */
export function gemmColumns(
  part: i32,
  parts: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  accumulate: bool,
  scratch: usize,
  stride: usize,
): void {
  const blocks = (n + NR - 1) / NR;
  const j0 = partStart(blocks, part, parts) * NR;
  const cols = min(n, partStart(blocks, part + 1, parts) * NR) - j0;
  if (cols <= 0) return;
  const mine = scratch + <usize>part * stride;
  const bPart = b + 4 * <usize>j0 * bCol;
  const cPart = c + 4 * <usize>j0;
  if (useDot(m, aCol, bRow)) gemmDotNT(m, cols, k, a, bPart, cPart, n, accumulate, mine);
  else gemm(m, cols, k, a, aRow, aCol, bPart, bRow, bCol, cPart, n, accumulate, mine);
}

/** Bytes of scratch one GEMM call needs (packed A block, packed B block, an edge tile). */
export function gemmScratchBytes(): usize {
  return A_BYTES + B_BYTES + TILE_BYTES;
}

export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  ldc: i32,
  accumulate: bool,
  scratch: usize,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) zeroRun(c + <usize>i * ldc * 4, n);
    return;
  }
  const aPack = scratch;
  const bPack = scratch + A_BYTES;
  const tile = bPack + B_BYTES;
  // B is read in place when its rows are contiguous and few A panels reuse it: packing would copy
  // as much as the arithmetic reads. Otherwise it is packed, which also avoids cache-set conflicts
  // from power-of-two row strides.
  const packB = bCol != 1 || m > 4 * MR;
  const rowBytes = <usize>ldc * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const acc = accumulate || pc > 0;
      const bBlock = b + 4 * (<usize>pc * bRow + <usize>jc * bCol);
      const edge = nc % NR;
      if (packB) packPanelsB(kc, nc, bBlock, bRow, bCol, bPack);
      else if (edge != 0) packPanelsB(kc, edge, bBlock + 4 * <usize>(nc - edge), bRow, 1, bPack);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packPanelsA(mc, kc, a + 4 * (<usize>ic * aRow + <usize>pc * aCol), aRow, aCol, aPack);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          let bPanel: usize;
          let bStride: usize;
          if (packB) {
            bPanel = bPack + <usize>jr * kc * 4;
            bStride = NR * 4;
          } else if (nr < NR) {
            bPanel = bPack;
            bStride = NR * 4;
          } else {
            bPanel = bBlock + <usize>jr * 4;
            bStride = <usize>bRow * 4;
          }
          const cPanel = c + (<usize>ic * ldc + jc + jr) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const aPanel = aPack + <usize>ir * kc * 16;
            const cTile = cPanel + <usize>ir * rowBytes;
            micro(kc, aPanel, bPanel, bStride, cTile, rowBytes, acc, mr, nr, tile);
          }
        }
      }
    }
  }
}

/**
 * Rows [0, mc) of the A block into panels [mc/MR][kc][MR] of 4-lane splats, rows past mc zeros.
 * Storing each element four times lets the micro-kernel load it as a vector: a broadcast would
 * take a shuffle on the same ports as the multiply-adds.
 */
export function packPanelsA(
  mc: i32,
  kc: i32,
  src: usize,
  rowStride: i32,
  colStride: i32,
  dst: usize,
): void {
  const rs = <usize>rowStride * 4;
  const cs = <usize>colStride * 4;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0);
    for (let r = 0; r < MR; r++) {
      let s = src + <usize>(i0 + r) * rs;
      let d = dst + <usize>r * 16;
      if (r < rows) {
        for (let p = 0; p < kc; p++) {
          v128.store(d, v128.load32_splat(s));
          s += cs;
          d += MR * 16;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          v128.store(d, f32x4.splat(0));
          d += MR * 16;
        }
      }
    }
    dst += <usize>kc * MR * 16;
  }
}

/** Columns [0, nc) of the B block into panels [nc/NR][kc][NR]; columns past nc are zeros. */
function packPanelsB(
  kc: i32,
  nc: i32,
  src: usize,
  rowStride: i32,
  colStride: i32,
  dst: usize,
): void {
  const rs = <usize>rowStride * 4;
  const cs = <usize>colStride * 4;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0);
    const start = src + <usize>j0 * cs;
    if (colStride == 1 && cols == NR) {
      let s = start;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        s += rs;
        dst += NR * 4;
      }
    } else {
      for (let j = 0; j < NR; j++) {
        let s = start + <usize>j * cs;
        let d = dst + <usize>j * 4;
        if (j < cols) {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(s));
            s += rs;
            d += NR * 4;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += NR * 4;
          }
        }
      }
      dst += <usize>kc * NR * 4;
    }
  }
}

/**
 * C[mr, nr] (+)= A panel [kc][MR] (splats) · B panel (kc rows of NR, bStride bytes apart). Full
 * tiles go straight to C; edge tiles through `tile`, so nothing outside C is written.
 */
// @ts-ignore: decorator
@inline
function micro(
  kc: i32,
  ap: usize,
  bp: usize,
  bStride: usize,
  c: usize,
  ldc: usize,
  accumulate: bool,
  mr: i32,
  nr: i32,
  tile: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
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
    ap += MR * 16;
    bp += bStride;
  }
  const full = mr == MR && nr == NR;
  const out = full ? c : tile;
  const ld = full ? ldc : NR * 4;
  if (full && accumulate) {
    storeAdd(out, c00, c01);
    storeAdd(out + ld, c10, c11);
    storeAdd(out + 2 * ld, c20, c21);
    storeAdd(out + 3 * ld, c30, c31);
    return;
  }
  storeRow(out, c00, c01);
  storeRow(out + ld, c10, c11);
  storeRow(out + 2 * ld, c20, c21);
  storeRow(out + 3 * ld, c30, c31);
  if (full) return;
  for (let r = 0; r < mr; r++) {
    const src = tile + <usize>r * NR * 4;
    const dst = c + <usize>r * ldc;
    for (let j = 0; j < nr; j++) {
      const v = load<f32>(src + <usize>j * 4);
      const at = dst + <usize>j * 4;
      store<f32>(at, accumulate ? load<f32>(at) + v : v);
    }
  }
}

// @ts-ignore: decorator
@inline
function storeRow(at: usize, lo: v128, hi: v128): void {
  v128.store(at, lo);
  v128.store(at, hi, 16);
}

// @ts-ignore: decorator
@inline
function storeAdd(at: usize, lo: v128, hi: v128): void {
  v128.store(at, f32x4.add(v128.load(at), lo));
  v128.store(at, f32x4.add(v128.load(at, 16), hi), 16);
}

/**
 * C[M,N] (+)= A[M,K]·B[N,K]ᵀ (C's rows ldc apart) as dot products along K, for few rows of A and
 * long K (a convolution's weight gradient): both operands are read in place, never packed. Tiles
 * of 2 rows × 4 columns hold 8 accumulators of 4 lanes, summed across lanes once per tile.
 */
export function gemmDotNT(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  b: usize,
  c: usize,
  ldc: i32,
  accumulate: bool,
  tile: usize,
): void {
  const row = <usize>k * 4;
  for (let i0 = 0; i0 < m; i0 += 2) {
    const a0 = a + <usize>i0 * row;
    // A missing second row repeats the first; its sums are not stored.
    const a1 = i0 + 1 < m ? a0 + row : a0;
    for (let j0 = 0; j0 < n; j0 += 4) {
      const last = <usize>(n - 1) * row;
      const b0 = b + <usize>j0 * row;
      const b1 = b + min(<usize>(j0 + 1) * row, last);
      const b2 = b + min(<usize>(j0 + 2) * row, last);
      const b3 = b + min(<usize>(j0 + 3) * row, last);
      const c0 = c + (<usize>i0 * ldc + j0) * 4;
      const cols = min(4, n - j0);
      dotTile(k, a0, a1, b0, b1, b2, b3, c0, <usize>ldc * 4, i0 + 1 < m, cols, accumulate, tile);
    }
  }
}

/**
 * One 2×4 tile of dot products over k floats: C[r, j] (+)= A_r·B_j for A rows a0, a1 and B rows
 * b0…b3 (C's rows ldc bytes apart, its first `cols` columns, the second row only when `two`).
 * 8 accumulators of 4 lanes over k rounded down to 4, summed across lanes, then the rest of k.
 */
// @ts-ignore: decorator
@inline
export function dotTile(
  k: i32,
  a0: usize,
  a1: usize,
  b0: usize,
  b1: usize,
  b2: usize,
  b3: usize,
  c0: usize,
  ldc: usize,
  two: bool,
  cols: i32,
  accumulate: bool,
  tile: usize,
): void {
  const k4 = k & ~3;
  let s00 = f32x4.splat(0);
  let s01 = f32x4.splat(0);
  let s02 = f32x4.splat(0);
  let s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0);
  let s11 = f32x4.splat(0);
  let s12 = f32x4.splat(0);
  let s13 = f32x4.splat(0);
  for (let p: usize = 0; p < <usize>k4 * 4; p += 16) {
    const x0 = v128.load(a0 + p);
    const x1 = v128.load(a1 + p);
    let y = v128.load(b0 + p);
    s00 = madd(x0, y, s00);
    s10 = madd(x1, y, s10);
    y = v128.load(b1 + p);
    s01 = madd(x0, y, s01);
    s11 = madd(x1, y, s11);
    y = v128.load(b2 + p);
    s02 = madd(x0, y, s02);
    s12 = madd(x1, y, s12);
    y = v128.load(b3 + p);
    s03 = madd(x0, y, s03);
    s13 = madd(x1, y, s13);
  }
  let r0 = lanesSum(s00, s01, s02, s03);
  let r1 = lanesSum(s10, s11, s12, s13);
  for (let p = k4; p < k; p++) {
    const at = <usize>p * 4;
    const y = f32x4(
      load<f32>(b0 + at),
      load<f32>(b1 + at),
      load<f32>(b2 + at),
      load<f32>(b3 + at),
    );
    r0 = madd(v128.load32_splat(a0 + at), y, r0);
    r1 = madd(v128.load32_splat(a1 + at), y, r1);
  }
  storeLanes(c0, r0, cols, accumulate, tile);
  if (two) storeLanes(c0 + ldc, r1, cols, accumulate, tile);
}

/** [Σ x0, Σ x1, Σ x2, Σ x3]: the four vectors' lanes summed, by two rounds of shuffles. */
// @ts-ignore: decorator
@inline
export function lanesSum(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const lo01 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const hi01 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const lo23 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const hi23 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  const s01 = f32x4.add(lo01, hi01); // [x0₀+x0₂, x1₀+x1₂, x0₁+x0₃, x1₁+x1₃]
  const s23 = f32x4.add(lo23, hi23);
  return f32x4.add(i32x4.shuffle(s01, s23, 0, 1, 4, 5), i32x4.shuffle(s01, s23, 2, 3, 6, 7));
}

/** The first `cols` lanes of v to C (added to it when accumulating). */
// @ts-ignore: decorator
@inline
export function storeLanes(at: usize, v: v128, cols: i32, accumulate: bool, tile: usize): void {
  if (cols == 4) {
    v128.store(at, accumulate ? f32x4.add(v128.load(at), v) : v);
    return;
  }
  v128.store(tile, v);
  for (let j = 0; j < cols; j++) {
    const x = load<f32>(tile + <usize>j * 4);
    const d = at + <usize>j * 4;
    store<f32>(d, accumulate ? load<f32>(d) + x : x);
  }
}
