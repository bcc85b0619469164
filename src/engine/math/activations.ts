import { sigmoidf } from './expf';
import { normalCdf, normalDensity } from './normal';

// The elementwise activations as scalar functions: the one definition the reference kernels loop
// over and the explainer views evaluate. The WebAssembly kernels compute the same formulas. The
// sigmoid, SiLU and GELU in float32, each operation rounded (their exp and Φ too, expf.ts and
// normal.ts), which the fast kernels compute four at a time to the same bits; the others in double
// precision.

const f32 = Math.fround;

export type ElementwiseActivation =
  'relu' | 'leakyrelu' | 'tanh' | 'sigmoid' | 'relu6' | 'silu' | 'gelu';

/** The slope of leaky ReLU where a layer does not set one (and for a fused `leakyrelu`). */
export const LEAKY_RELU_SLOPE = 0.01;

/** f(x); `alpha` is leaky ReLU's slope. NaN stays NaN (`x > 0 ? x : 0` is not max(x, 0)). */
export function activate(kind: ElementwiseActivation, x: number, alpha: number): number {
  switch (kind) {
    case 'relu':
      return x > 0 ? x : 0;
    case 'leakyrelu':
      return x > 0 ? x : alpha * x;
    case 'tanh':
      return Math.tanh(x);
    case 'sigmoid':
      return sigmoidf(x);
    case 'relu6':
      return Number.isNaN(x) ? x : Math.min(Math.max(x, 0), 6);
    case 'silu':
      return f32(x * sigmoidf(x));
    case 'gelu':
      return f32(x * normalCdf(x));
  }
}

/**
 * f'(x)·dy, written with y = f(x) (as stored, float32) where that is the stable form. The piecewise
 * ones pass dy or 0 (never 0·dy), and at their kinks take PyTorch's side: ReLU 0 at 0, ReLU6 0 at
 * 0 and at 6.
 */
export function backpropagate(
  kind: ElementwiseActivation,
  x: number,
  y: number,
  dy: number,
  alpha: number,
): number {
  switch (kind) {
    case 'relu':
      return x > 0 ? dy : 0;
    case 'leakyrelu':
      return x > 0 ? dy : alpha * dy;
    case 'tanh':
      return dy * (1 - y * y);
    case 'sigmoid':
      return dy * y * (1 - y);
    case 'relu6':
      return x > 0 && x < 6 ? dy : 0;
    case 'silu': {
      const s = sigmoidf(x);
      return f32(f32(dy * s) * f32(1 + f32(x * f32(1 - s))));
    }
    case 'gelu':
      return f32(dy * f32(normalCdf(x) + f32(x * normalDensity(x))));
  }
}
