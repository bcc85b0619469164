// Sliding-window kernels over one [C, H, W] image, mirroring src/engine/kernels/reference/
// (conv.ts, pool.ts);
// batch.ts and conv.ts run them over a part of a batch.
// Addresses are bytes. Stride-1 rows (every convolution the editor's defaults make) are copied or
// added as contiguous runs; other strides take the element-by-element path.

import { addRun, copyRun, zeroRun } from './runs';

/** The window's geometry as JavaScript writes it into memory: 13 i32 in WindowGeometry's order. */
@unmanaged
export class Window {
  channels: i32;
  height: i32;
  width: i32;
  kernelH: i32;
  kernelW: i32;
  strideH: i32;
  strideW: i32;
  padH: i32;
  padW: i32;
  dilationH: i32;
  dilationW: i32;
  outH: i32;
  outW: i32;
}

/** Bytes of one input image, [C, H, W]. */
// @ts-ignore: decorator
@inline
export function imageBytes(g: Window): usize {
  return <usize>g.channels * g.height * g.width * 4;
}

/** Bytes of one output image, [C, outH, outW]. */
// @ts-ignore: decorator
@inline
export function outputBytes(g: Window): usize {
  return <usize>g.channels * g.outH * g.outW * 4;
}

/** C·kh·kw: the rows of the column matrix im2col builds. */
// @ts-ignore: decorator
@inline
export function columnRows(g: Window): i32 {
  return g.channels * g.kernelH * g.kernelW;
}

/** col[C·kh·kw, outH·outW] = the windows of x; padded cells are 0. */
export function im2col(g: Window, x: usize, col: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const kernelH = g.kernelH;
  const kernelW = g.kernelW;
  const strideH = g.strideH;
  const strideW = g.strideW;
  const padH = g.padH;
  const padW = g.padW;
  const dilationH = g.dilationH;
  const dilationW = g.dilationW;
  const outH = g.outH;
  const outW = g.outW;
  const planeBytes = <usize>height * width * 4;
  const rowBytes = <usize>width * 4;
  let o = col;
  for (let ch = 0; ch < channels; ch++) {
    const plane = x + <usize>ch * planeBytes;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const shift = kj * dilationW - padW; // ix = ox·strideW + shift
        const lo = strideW == 1 ? clamp(-shift, 0, outW) : 0;
        const hi = strideW == 1 ? clamp(width - shift, lo, outW) : 0;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * strideH - padH + ki * dilationH;
          if (iy < 0 || iy >= height) {
            zeroRun(o, outW);
          } else if (strideW == 1) {
            const src = plane + <usize>iy * rowBytes;
            zeroRun(o, lo);
            copyRun(o + <usize>lo * 4, src + <usize>(lo + shift) * 4, hi - lo);
            zeroRun(o + <usize>hi * 4, outW - hi);
          } else {
            const src = plane + <usize>iy * rowBytes;
            for (let ox = 0; ox < outW; ox++) {
              const ix = ox * strideW + shift;
              const v: f32 = ix >= 0 && ix < width ? load<f32>(src + <usize>ix * 4) : 0;
              store<f32>(o + <usize>ox * 4, v);
            }
          }
          o += <usize>outW * 4;
        }
      }
    }
  }
}

/** dx[C,H,W] += the columns folded back onto the image (the adjoint of im2col). */
export function col2im(g: Window, col: usize, dx: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const kernelH = g.kernelH;
  const kernelW = g.kernelW;
  const strideH = g.strideH;
  const strideW = g.strideW;
  const padH = g.padH;
  const padW = g.padW;
  const dilationH = g.dilationH;
  const dilationW = g.dilationW;
  const outH = g.outH;
  const outW = g.outW;
  const planeBytes = <usize>height * width * 4;
  const rowBytes = <usize>width * 4;
  let o = col;
  for (let ch = 0; ch < channels; ch++) {
    const plane = dx + <usize>ch * planeBytes;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const shift = kj * dilationW - padW;
        const lo = strideW == 1 ? clamp(-shift, 0, outW) : 0;
        const hi = strideW == 1 ? clamp(width - shift, lo, outW) : 0;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * strideH - padH + ki * dilationH;
          if (iy >= 0 && iy < height) {
            const dst = plane + <usize>iy * rowBytes;
            if (strideW == 1) {
              addRun(dst + <usize>(lo + shift) * 4, o + <usize>lo * 4, hi - lo);
            } else {
              for (let ox = 0; ox < outW; ox++) {
                const ix = ox * strideW + shift;
                if (ix >= 0 && ix < width) {
                  const at = dst + <usize>ix * 4;
                  store<f32>(at, load<f32>(at) + load<f32>(o + <usize>ox * 4));
                }
              }
            }
          }
          o += <usize>outW * 4;
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function clamp(v: i32, lo: i32, hi: i32): i32 {
  return min(max(v, lo), hi);
}

/**
 * y[C, outH, outW] = window maxima of x, never a padded cell; argmax = the winner's index in x.
 * `!(v <= best)` also takes NaN, as PyTorch propagates it.
 */
export function maxPoolImage(g: Window, x: usize, y: usize, argmax: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const kernelH = g.kernelH;
  const kernelW = g.kernelW;
  const strideH = g.strideH;
  const strideW = g.strideW;
  const padH = g.padH;
  const padW = g.padW;
  const dilationH = g.dilationH;
  const dilationW = g.dilationW;
  const outH = g.outH;
  const outW = g.outW;
  if (
    kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 &&
    padH == 0 && padW == 0 && dilationH == 1 && dilationW == 1 &&
    2 * outH <= height && 2 * outW <= width // no ceil-mode window past the input
  ) {
    maxPool2x2(channels, height, width, outH, outW, x, y, argmax);
    return;
  }
  // Windows wholly inside the image need no bounds checks: four outputs at a time there, where
  // the stride across is 1 or 2; one at a time at the borders (padding, ceil-mode windows).
  const rowLo = interiorStart(padH, strideH, outH);
  const rowEnd = interiorEnd(height, kernelH, strideH, padH, dilationH, outH);
  const colLo = interiorStart(padW, strideW, outW);
  const colEnd = interiorEnd(width, kernelW, strideW, padW, dilationW, outW);
  // At stride 2 four outputs read eight values: the eighth must be inside the row too.
  const vectorEnd = strideW == 1 ? colEnd : strideW == 2 ? colEnd - 1 : 0;
  for (let ch = 0; ch < channels; ch++) {
    const plane = ch * height * width;
    const out = <usize>(ch * outH * outW);
    for (let oy = 0; oy < outH; oy++) {
      const o = out + <usize>(oy * outW);
      let ox = 0;
      if (oy >= rowLo && oy < rowEnd && vectorEnd > colLo) {
        for (; ox < colLo; ox++) maxPoolAt(g, x, plane, oy, ox, y, argmax, o);
        for (; ox + 4 <= vectorEnd; ox += 4) {
          const base = plane + (oy * strideH - padH) * width + ox * strideW - padW;
          maxPool4(g, x, base, y + (o + <usize>ox) * 4, argmax + (o + <usize>ox) * 4);
        }
      }
      for (; ox < outW; ox++) maxPoolAt(g, x, plane, oy, ox, y, argmax, o);
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

/** Output (oy, ox) of channel plane `plane` (an index into x), any window, at index o + ox. */
// @ts-ignore: decorator
@inline
function maxPoolAt(
  g: Window, x: usize, plane: i32, oy: i32, ox: i32, y: usize, argmax: usize, o: usize,
): void {
  const y0 = oy * g.strideH - g.padH;
  const x0 = ox * g.strideW - g.padW;
  let best = -Infinity as f32;
  let at = -1;
  for (let ki = 0; ki < g.kernelH; ki++) {
    const iy = y0 + ki * g.dilationH;
    if (iy < 0 || iy >= g.height) continue;
    for (let kj = 0; kj < g.kernelW; kj++) {
      const ix = x0 + kj * g.dilationW;
      if (ix < 0 || ix >= g.width) continue;
      const idx = plane + iy * g.width + ix;
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

/** Four values of x from index `at`, `stride` apart (1 or 2). */
// @ts-ignore: decorator
@inline
function values4(x: usize, at: i32, stride: i32): v128 {
  const p = x + <usize>at * 4;
  if (stride == 1) return v128.load(p);
  return i32x4.shuffle(v128.load(p), v128.load(p, 16), 0, 2, 4, 6);
}

/**
 * Four outputs whose windows lie inside the image, the first cell at index `base` of x: the
 * cells taken in the reference's order with its rule, so values and winners agree exactly.
 */
function maxPool4(g: Window, x: usize, base: i32, y: usize, argmax: usize): void {
  const sW = g.strideW;
  const rowStep = g.dilationH * g.width;
  const lanes = i32x4.add(i32x4.splat(base), i32x4(0, sW, 2 * sW, 3 * sW));
  let best = values4(x, base, sW);
  let at = lanes;
  for (let ki = 0; ki < g.kernelH; ki++) {
    for (let kj = ki == 0 ? 1 : 0; kj < g.kernelW; kj++) {
      const offset = ki * rowStep + kj * g.dilationW;
      const v = values4(x, base + offset, sW);
      const take = v128.not(f32x4.le(v, best));
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(i32x4.add(lanes, i32x4.splat(offset)), at, take);
    }
  }
  v128.store(y, best);
  v128.store(argmax, at);
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

// Average pooling sums and divides in f64, as the reference does in JavaScript numbers, so the
// two agree to the bit.

/**
 * The divisor of the average window starting at (y0, x0): its cells inside the padded image, so
 * padded zeros count but a ceil-mode window's part past the padding does not, as the reference.
 */
// @ts-ignore: decorator
@inline
function windowCells(kernelH: i32, kernelW: i32, bottom: i32, right: i32, y0: i32, x0: i32): f64 {
  return <f64>((min(y0 + kernelH, bottom) - y0) * (min(x0 + kernelW, right) - x0));
}

/** y = window means of x, padded zeros counted in the divisor. */
export function avgPoolImage(g: Window, x: usize, y: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const kernelH = g.kernelH;
  const kernelW = g.kernelW;
  const strideH = g.strideH;
  const strideW = g.strideW;
  const padH = g.padH;
  const padW = g.padW;
  const dilationH = g.dilationH;
  const dilationW = g.dilationW;
  const outH = g.outH;
  const outW = g.outW;
  const bottom = height + padH;
  const right = width + padW;
  let o = y;
  for (let ch = 0; ch < channels; ch++) {
    const plane = x + <usize>ch * height * width * 4;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padW;
        let sum: f64 = 0;
        for (let ki = 0; ki < kernelH; ki++) {
          const iy = y0 + ki * dilationH;
          if (iy < 0 || iy >= height) continue;
          for (let kj = 0; kj < kernelW; kj++) {
            const ix = x0 + kj * dilationW;
            if (ix >= 0 && ix < width) sum += <f64>load<f32>(plane + <usize>(iy * width + ix) * 4);
          }
        }
        store<f32>(o, <f32>(sum / windowCells(kernelH, kernelW, bottom, right, y0, x0)));
        o += 4;
      }
    }
  }
}

/** dx += dy spread evenly over each window (the adjoint of avgPool). */
export function avgPoolBackwardImage(g: Window, dy: usize, dx: usize): void {
  const channels = g.channels;
  const height = g.height;
  const width = g.width;
  const kernelH = g.kernelH;
  const kernelW = g.kernelW;
  const strideH = g.strideH;
  const strideW = g.strideW;
  const padH = g.padH;
  const padW = g.padW;
  const dilationH = g.dilationH;
  const dilationW = g.dilationW;
  const outH = g.outH;
  const outW = g.outW;
  const bottom = height + padH;
  const right = width + padW;
  let o = dy;
  for (let ch = 0; ch < channels; ch++) {
    const plane = dx + <usize>ch * height * width * 4;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padH;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - padW;
        const share = <f64>load<f32>(o) / windowCells(kernelH, kernelW, bottom, right, y0, x0);
        o += 4;
        for (let ki = 0; ki < kernelH; ki++) {
          const iy = y0 + ki * dilationH;
          if (iy < 0 || iy >= height) continue;
          for (let kj = 0; kj < kernelW; kj++) {
            const ix = x0 + kj * dilationW;
            if (ix < 0 || ix >= width) continue;
            const at = plane + <usize>(iy * width + ix) * 4;
            store<f32>(at, <f32>(<f64>load<f32>(at) + share));
          }
        }
      }
    }
  }
}
