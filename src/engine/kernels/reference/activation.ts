import { activate, backpropagate } from '../../math/activations';
import type { ElementwiseActivation } from '../types';

// Elementwise activations over n values, the scalar math in math/activations.ts; backward adds
// into dx.

export function activation(
  kind: ElementwiseActivation,
  alpha: number,
  n: number,
  x: Float32Array,
  y: Float32Array,
): void {
  for (let i = 0; i < n; i++) y[i] = activate(kind, x[i], alpha);
}

export function activationBackward(
  kind: ElementwiseActivation,
  alpha: number,
  n: number,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  for (let i = 0; i < n; i++) dx[i] += backpropagate(kind, x[i], y[i], dy[i], alpha);
}
