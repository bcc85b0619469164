import { partStart } from './parts';
import { maxPoolBackwardImage, maxPoolImage } from './maxpool';
import { avgPoolBackwardImage, avgPoolImage, imageBytes, outputBytes, Window } from './window';

// Pooling over the images [n0, n1) of a batch that are part `part` of `parts`.

export function maxPool(
  part: i32,
  parts: i32,
  window: usize,
  batch: i32,
  x: usize,
  y: usize,
  argmax: usize,
  scratch: usize,
  stride: usize,
): void {
  const g = changetype<Window>(window);
  const inBytes = imageBytes(g);
  const outBytes = outputBytes(g);
  const plane = scratch + <usize>part * stride;
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    const o = <usize>n * outBytes;
    maxPoolImage(g, x + <usize>n * inBytes, y + o, argmax + o, plane);
  }
}

export function maxPoolBackward(
  part: i32,
  parts: i32,
  window: usize,
  batch: i32,
  dy: usize,
  argmax: usize,
  dx: usize,
): void {
  const g = changetype<Window>(window);
  const inBytes = imageBytes(g);
  const outBytes = outputBytes(g);
  const count = g.channels * g.outH * g.outW;
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    const o = <usize>n * outBytes;
    maxPoolBackwardImage(count, dy + o, argmax + o, dx + <usize>n * inBytes);
  }
}

export function avgPool(
  part: i32,
  parts: i32,
  window: usize,
  batch: i32,
  x: usize,
  y: usize,
): void {
  const g = changetype<Window>(window);
  const inBytes = imageBytes(g);
  const outBytes = outputBytes(g);
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    avgPoolImage(g, x + <usize>n * inBytes, y + <usize>n * outBytes);
  }
}

export function avgPoolBackward(
  part: i32,
  parts: i32,
  window: usize,
  batch: i32,
  dy: usize,
  dx: usize,
): void {
  const g = changetype<Window>(window);
  const inBytes = imageBytes(g);
  const outBytes = outputBytes(g);
  const end = partStart(batch, part + 1, parts);
  for (let n = partStart(batch, part, parts); n < end; n++) {
    avgPoolBackwardImage(g, dy + <usize>n * outBytes, dx + <usize>n * inBytes);
  }
}
