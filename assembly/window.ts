// Sliding-window kernels over one [C, H, W] image, mirroring src/engine/kernels/reference/
// (conv.ts, pool.ts; max pooling is in maxpool.ts); batch.ts and conv.ts run them over a part of
// a batch.
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
