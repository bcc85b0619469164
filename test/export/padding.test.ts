import { describe, expect, it } from 'vitest';
import { kerasPadding, type Window } from '../../src/engine/export/tfjs/padding';

const square = (size: number, kernel: number, stride: number, pad: number): Window => ({
  size: [size, size],
  kernel: [kernel, kernel],
  stride: [stride, stride],
  dilation: [1, 1],
  pad: [pad, pad],
});

describe('Keras padding of a convolution for the contract’s symmetric padding', () => {
  it.each([
    ['in=28 k=3 s=1 p=1', square(28, 3, 1, 1), 'same'],
    ['in=27 k=3 s=2 p=1', square(27, 3, 2, 1), 'same'],
    ['in=28 k=3 s=2 p=1 (Keras pads 0 before, 1 after)', square(28, 3, 2, 1), 'zeros'],
    ['in=28 k=4 s=1 p=1 (even kernel)', square(28, 4, 1, 1), 'zeros'],
    ['in=28 k=5 s=1 p=1 (not "same")', square(28, 5, 1, 1), 'zeros'],
    ['in=28 k=3 s=1 p=0', square(28, 3, 1, 0), 'valid'],
  ])('%s', (_name, window, expected) => {
    const { padding, zeroPad } = kerasPadding(window);
    expect(zeroPad ? 'zeros' : padding).toBe(expected);
  });
});
