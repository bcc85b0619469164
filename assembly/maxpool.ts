import { copyRun } from './runs';
import { storeFirst } from './simd';
import { Window } from './window';

// Max pooling over one [C, H, W] image, src/engine/kernels/reference/pool.ts step for step: a
// window's cells in order, a cell winning when it is the first inside the image or when
// `!(v <= best)` (which also takes NaN, as PyTorch propagates it), so values and winners agree
// exactly. Four outputs at a time where the stride across is 1 or 2: each channel is first copied
// into a plane in scratch with room around it for every window's reads, so no read leaves the
// plane, and cells outside the image (padding, a ceil-mode window's overhang) are masked out lane
// by lane; windows wholly inside the image skip the masks. Other strides one output at a time.
// Addresses are bytes.

/** The scratch plane's width: the image after padW columns, and room for every vector's reads. */
// @ts-ignore: decorator
@inline
function planeWidth(g: Window): i32 {
  // The last vector's fourth output, and at stride 2 the one value past it that its load reads.
  const lastOut = ((g.outW + 3) & ~3) - 1;
  return max(g.padW + g.width, lastOut * g.strideW + (g.kernelW - 1) * g.dilationW + 2);
}

/** The scratch plane's rows: the image after padH rows, and every window's rows. */
// @ts-ignore: decorator
@inline
function planeRows(g: Window): i32 {
  return max(g.padH + g.height, (g.outH - 1) * g.strideH + (g.kernelH - 1) * g.dilationH + 1);
}

/** Bytes of scratch one part needs: one channel's plane. */
export function maxPoolScratchBytes(window: usize): usize {
  const g = changetype<Window>(window);
  return <usize>planeRows(g) * planeWidth(g) * 4;
}

/** Whether the 2×2, stride 2, unpadded path applies: no ceil-mode window past the input. */
// @ts-ignore: decorator
@inline
function isPlain2x2(g: Window): bool {
  return (
    g.kernelH == 2 && g.kernelW == 2 && g.strideH == 2 && g.strideW == 2 &&
    g.padH == 0 && g.padW == 0 && g.dilationH == 1 && g.dilationW == 1 &&
    2 * g.outH <= g.height && 2 * g.outW <= g.width
  );
}

/** y[C, outH, outW] = window maxima of x, never a padded cell; argmax = the winner's index in x. */
export function maxPoolImage(g: Window, x: usize, y: usize, argmax: usize, scratch: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const outH = g.outH;
  const outW = g.outW;
  if (isPlain2x2(g)) {
    maxPool2x2(channels, height, width, outH, outW, x, y, argmax);
    return;
  }
  const wp = planeWidth(g);
  const rowLo = interiorStart(g.padH, g.strideH, outH);
  const rowEnd = interiorEnd(height, g.kernelH, g.strideH, g.padH, g.dilationH, outH);
  const colLo = interiorStart(g.padW, g.strideW, outW);
  const colEnd = interiorEnd(width, g.kernelW, g.strideW, g.padW, g.dilationW, outW);
  const vector = g.strideW <= 2;
  for (let ch = 0; ch < channels; ch++) {
    const plane = ch * height * width;
    const o0 = <usize>(ch * outH * outW);
    if (!vector) {
      for (let oy = 0; oy < outH; oy++) {
        const o = o0 + <usize>(oy * outW);
        for (let ox = 0; ox < outW; ox++) maxPoolAt(g, x, plane, oy, ox, y, argmax, o);
      }
      continue;
    }
    for (let r = 0; r < height; r++) {
      const to = scratch + <usize>((r + g.padH) * wp + g.padW) * 4;
      copyRun(to, x + <usize>(plane + r * width) * 4, width);
    }
    for (let oy = 0; oy < outH; oy++) {
      const o = o0 + <usize>(oy * outW);
      const inside = oy >= rowLo && oy < rowEnd;
      for (let ox = 0; ox < outW; ox += 4) {
        const yAt = y + (o + <usize>ox) * 4;
        const aAt = argmax + (o + <usize>ox) * 4;
        if (inside && ox >= colLo && ox + 4 <= colEnd) {
          maxPool4(g, scratch, wp, plane, oy, ox, yAt, aAt);
        } else {
          maxPool4Masked(g, scratch, wp, plane, oy, ox, yAt, aAt, outW - ox);
        }
      }
    }
  }
}

/** The first output of an axis whose window starts inside the image (`out` if none). */
// @ts-ignore: decorator
@inline
function interiorStart(pad: i32, stride: i32, out: i32): i32 {
  return min((pad + stride - 1) / stride, out);
}

/** One past the last output of an axis whose window ends inside the image. */
// @ts-ignore: decorator
@inline
function interiorEnd(size: i32, kernel: i32, stride: i32, pad: i32, dilation: i32, out: i32): i32 {
  const last = size - 1 - (kernel - 1) * dilation + pad;
  return last < 0 ? 0 : min(last / stride + 1, out);
}

/**
 * Output (oy, ox) of channel plane `plane` (an index into x), one at a time: the window's cells
 * inside the image, a dilation apart; y and argmax at index o + ox.
 */
function maxPoolAt(
  g: Window, x: usize, plane: i32, oy: i32, ox: i32, y: usize, argmax: usize, o: usize,
): void {
  const width = g.width;
  const dH = g.dilationH;
  const dW = g.dilationW;
  const y0 = oy * g.strideH - g.padH;
  const x0 = ox * g.strideW - g.padW;
  // The window's first and one-past-last cells inside the image, along each axis.
  const kiLo = y0 >= 0 ? 0 : (-y0 + dH - 1) / dH;
  const kiEnd = min(g.kernelH, (g.height - y0 + dH - 1) / dH);
  const kjLo = x0 >= 0 ? 0 : (-x0 + dW - 1) / dW;
  const kjEnd = min(g.kernelW, (width - x0 + dW - 1) / dW);
  let best = -Infinity as f32;
  let at = -1;
  for (let ki = kiLo; ki < kiEnd; ki++) {
    const row = plane + (y0 + ki * dH) * width + x0;
    for (let kj = kjLo; kj < kjEnd; kj++) {
      const idx = row + kj * dW;
      const v = load<f32>(x + <usize>idx * 4);
      if (at < 0 || !(v <= best)) {
        best = v;
        at = idx;
      }
    }
  }
  const i = (o + <usize>ox) * 4;
  store<f32>(y + i, best);
  store<i32>(argmax + i, at);
}

/** Four values of the scratch plane from index `at`, `stride` apart (1 or 2). */
// @ts-ignore: decorator
@inline
function values4(p: usize, at: i32, stride: i32): v128 {
  const a = p + <usize>at * 4;
  if (stride == 1) return v128.load(a);
  return i32x4.shuffle(v128.load(a), v128.load(a, 16), 0, 2, 4, 6);
}

/** The image columns of the first cells of outputs ox…ox+3 (negative in the padding). */
// @ts-ignore: decorator
@inline
function columns4(g: Window, ox: i32): v128 {
  const sW = g.strideW;
  return i32x4.add(i32x4.splat(ox * sW - g.padW), i32x4(0, sW, 2 * sW, 3 * sW));
}

/**
 * Outputs ox…ox+3 of row oy, whose windows lie inside the image, from the scratch plane `p`
 * (width wp) of channel plane `plane` (an index into x): every cell taken by the reference's rule.
 */
function maxPool4(
  g: Window, p: usize, wp: i32, plane: i32, oy: i32, ox: i32, y: usize, argmax: usize,
): void {
  const sW = g.strideW;
  const top = oy * g.strideH;
  const first = top * wp + ox * sW;
  const lanes = i32x4.add(i32x4.splat(plane + (top - g.padH) * g.width), columns4(g, ox));
  let best = values4(p, first, sW);
  let at = lanes;
  for (let ki = 0; ki < g.kernelH; ki++) {
    for (let kj = ki == 0 ? 1 : 0; kj < g.kernelW; kj++) {
      const cell = ki * g.dilationH;
      const v = values4(p, first + cell * wp + kj * g.dilationW, sW);
      const take = v128.not(f32x4.le(v, best));
      best = v128.bitselect(v, best, take);
      const index = i32x4.splat(cell * g.width + kj * g.dilationW);
      at = v128.bitselect(i32x4.add(lanes, index), at, take);
    }
  }
  v128.store(y, best);
  v128.store(argmax, at);
}

/**
 * As maxPool4 for windows that reach past the image: a cell outside it never takes its lane's
 * window, and the first inside always does. The first `count` outputs (all four when ≥ 4) stored.
 */
function maxPool4Masked(
  g: Window, p: usize, wp: i32, plane: i32, oy: i32, ox: i32, y: usize, argmax: usize, count: i32,
): void {
  const sW = g.strideW;
  const width = g.width;
  const top = oy * g.strideH;
  const cols = columns4(g, ox);
  const widthV = i32x4.splat(width);
  let best = f32x4.splat(-Infinity);
  let at = i32x4.splat(-1);
  for (let ki = 0; ki < g.kernelH; ki++) {
    const iy = top - g.padH + ki * g.dilationH;
    if (iy < 0 || iy >= g.height) continue;
    const row = (top + ki * g.dilationH) * wp + ox * sW;
    const rowStart = i32x4.splat(plane + iy * width);
    for (let kj = 0; kj < g.kernelW; kj++) {
      const c = i32x4.add(cols, i32x4.splat(kj * g.dilationW));
      const inside = v128.and(i32x4.ge_s(c, i32x4.splat(0)), i32x4.lt_s(c, widthV));
      const v = values4(p, row + kj * g.dilationW, sW);
      const wins = v128.or(i32x4.lt_s(at, i32x4.splat(0)), v128.not(f32x4.le(v, best)));
      const take = v128.and(inside, wins);
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(i32x4.add(rowStart, c), at, take);
    }
  }
  storeFirst(y, best, count);
  storeFirst(argmax, at, count);
}

/**
 * maxPool for whole 2×2 windows at stride 2 without padding (the usual pooling), four outputs at a time:
 * two rows of eight inputs split into the four window cells, taken in the reference's order with
 * its rule (`!(v <= best)`), so values and winners agree exactly.
 */
function maxPool2x2(
  channels: i32, height: i32, width: i32, outH: i32, outW: i32,
  x: usize, y: usize, argmax: usize,
): void {
  const lanes = i32x4(0, 2, 4, 6);
  let o: usize = 0;
  for (let ch = 0; ch < channels; ch++) {
    for (let oy = 0; oy < outH; oy++) {
      const row = (ch * height + 2 * oy) * width; // index of the window row's first cell
      let ox = 0;
      for (; ox + 4 <= outW; ox += 4) {
        const i0 = row + 2 * ox;
        const top = x + <usize>i0 * 4;
        const bottom = top + <usize>width * 4;
        const t0 = v128.load(top);
        const t1 = v128.load(top, 16);
        const b0 = v128.load(bottom);
        const b1 = v128.load(bottom, 16);
        const index = i32x4.add(i32x4.splat(i0), lanes);
        let best = i32x4.shuffle(t0, t1, 0, 2, 4, 6);
        let at = index;
        let v = i32x4.shuffle(t0, t1, 1, 3, 5, 7);
        let take = v128.not(f32x4.le(v, best));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(index, i32x4.splat(1)), at, take);
        v = i32x4.shuffle(b0, b1, 0, 2, 4, 6);
        take = v128.not(f32x4.le(v, best));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(index, i32x4.splat(width)), at, take);
        v = i32x4.shuffle(b0, b1, 1, 3, 5, 7);
        take = v128.not(f32x4.le(v, best));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(index, i32x4.splat(width + 1)), at, take);
        v128.store(y + o * 4, best);
        v128.store(argmax + o * 4, at);
        o += 4;
      }
      for (; ox < outW; ox++) {
        const i0 = row + 2 * ox;
        let best = load<f32>(x + <usize>i0 * 4);
        let at = i0;
        for (let cell = 1; cell < 4; cell++) {
          const idx = i0 + (cell >> 1) * width + (cell & 1);
          const v = load<f32>(x + <usize>idx * 4);
          if (!(v <= best)) {
            best = v;
            at = idx;
          }
        }
        store<f32>(y + o * 4, best);
        store<i32>(argmax + o * 4, at);
        o++;
      }
    }
  }
}

/** dx[argmax[i]] += dy[i] for one image. */
export function maxPoolBackwardImage(count: i32, dy: usize, argmax: usize, dx: usize): void {
  for (let i = 0; i < count; i++) {
    const at = dx + <usize>load<i32>(argmax + <usize>i * 4) * 4;
    store<f32>(at, load<f32>(at) + load<f32>(dy + <usize>i * 4));
  }
}

