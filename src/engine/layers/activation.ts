import type { ActivationName } from '../model/types';
import type { BackwardPass, LayerRun, Pass } from './layer';

// Elementwise activations and softmax, forward and backward. Used by the standalone activation
// layers and by the `activation` setting of conv2d and dense (the network runs it as its own step).

export type ActivationKind = Exclude<ActivationName, 'none'>;

/** y[0..n) = f(x[0..n)); softmax works on rows of `rowLength`. */
export function activationForward(
  kind: ActivationKind,
  alpha: number,
  rowLength: number,
  x: Float32Array,
  y: Float32Array,
  n: number,
): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case 'softmax':
      for (let r = 0; r < n; r += rowLength) softmaxRow(x, y, r, rowLength);
      return;
  }
}

/** dx[0..n) += f'(x)·dy, written with y where that is the stable form. */
export function activationBackward(
  kind: ActivationKind,
  alpha: number,
  rowLength: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) if (x[i] > 0) dx[i] += dy[i];
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) dx[i] += x[i] > 0 ? dy[i] : alpha * dy[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] += dy[i] * (1 - y[i] * y[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dx[i] += dy[i] * y[i] * (1 - y[i]);
      return;
    case 'softmax':
      // dx = y ⊙ (dy − Σ dy·y), row by row.
      for (let r = 0; r < n; r += rowLength) {
        let dot = 0;
        for (let j = r; j < r + rowLength; j++) dot += dy[j] * y[j];
        for (let j = r; j < r + rowLength; j++) dx[j] += y[j] * (dy[j] - dot);
      }
      return;
  }
}

function softmaxRow(x: Float32Array, y: Float32Array, start: number, length: number): void {
  let max = -Infinity;
  for (let j = start; j < start + length; j++) if (x[j] > max) max = x[j];
  let sum = 0;
  for (let j = start; j < start + length; j++) {
    const e = Math.exp(x[j] - max);
    y[j] = e;
    sum += e;
  }
  for (let j = start; j < start + length; j++) y[j] /= sum;
}

/** A run of one activation over samples of `sampleSize` values. */
export function activationRun(kind: ActivationKind, alpha: number, sampleSize: number): LayerRun {
  return {
    forward(p: Pass) {
      activationForward(kind, alpha, sampleSize, p.inputs[0], p.output, p.batch * sampleSize);
    },
    backward(p: BackwardPass) {
      const dx = p.dInputs[0];
      if (dx)
        activationBackward(
          kind,
          alpha,
          sampleSize,
          p.inputs[0],
          p.output,
          p.dOutput,
          dx,
          p.batch * sampleSize,
        );
    },
  };
}
