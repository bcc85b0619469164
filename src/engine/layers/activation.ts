import type { Kernels } from '../kernels';
import type { ActivationName } from '../model/types';
import type { BackwardPass, LayerRun, Pass } from './layer';

// Activations, forward and backward. Used by the standalone activation layers and by the
// `activation` setting of conv2d and dense (the network runs it as its own step). The elementwise
// ones are kernels (kernels/reference/activation.ts has their math); softmax works on rows and lives here.

export type ActivationKind = Exclude<ActivationName, 'none'>;

/** The activation a conv2d or dense runs on its output, as a step of its own; null for none. */
export function fusedActivation(config: Record<string, unknown>): ActivationKind | null {
  const activation = (config as { activation?: string }).activation;
  return activation !== undefined && activation !== 'none' ? (activation as ActivationKind) : null;
}

/** y = softmax(x) on each row of `rowLength` values, over n values. */
function softmaxForward(rowLength: number, x: Float32Array, y: Float32Array, n: number): void {
  for (let r = 0; r < n; r += rowLength) softmaxRow(x, y, r, rowLength);
}

/** dx += y ⊙ (dy − Σ dy·y), row by row. */
function softmaxBackward(
  rowLength: number,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  n: number,
): void {
  for (let r = 0; r < n; r += rowLength) {
    let dot = 0;
    for (let j = r; j < r + rowLength; j++) dot += dy[j] * y[j];
    for (let j = r; j < r + rowLength; j++) dx[j] += y[j] * (dy[j] - dot);
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

/** A run of one activation over samples of `sampleSize` values (softmax: one row per sample). */
export function activationRun(
  kind: ActivationKind,
  alpha: number,
  sampleSize: number,
  kernels: Kernels,
): LayerRun {
  if (kind === 'softmax') {
    return {
      forward(p: Pass) {
        softmaxForward(sampleSize, p.inputs[0], p.output, p.batch * sampleSize);
      },
      backward(p: BackwardPass) {
        const dx = p.dInputs[0];
        if (dx) softmaxBackward(sampleSize, p.output, p.dOutput, dx, p.batch * sampleSize);
      },
    };
  }
  return {
    forward(p: Pass) {
      kernels.activation(kind, alpha, p.batch * sampleSize, p.inputs[0], p.output);
    },
    backward(p: BackwardPass) {
      const dx = p.dInputs[0];
      if (!dx) return;
      const n = p.batch * sampleSize;
      kernels.activationBackward(kind, alpha, n, p.inputs[0], p.output, p.dOutput, dx);
    },
  };
}
