import { describe, expect, it } from 'vitest';
import { inWords, labelOf } from './words';

describe('labelOf', () => {
  it('splits camel case, and spells out the keys that need it', () => {
    expect(labelOf('kernelSize')).toBe('Kernel size');
    expect(labelOf('filters')).toBe('Filters');
    expect(labelOf('runningMean')).toBe('Running mean');
    expect(labelOf('runningVar')).toBe('Running variance');
  });
});

describe('inWords', () => {
  it('puts keys in words and leaves quoted names alone', () => {
    expect(inWords('kernelSize 9 is larger than its input 8×8')).toBe(
      'kernel size 9 is larger than its input 8×8',
    );
    expect(inWords('"myConv" has runningVar of shape [3], poolSize 2')).toBe(
      '"myConv" has running variance of shape [3], pool size 2',
    );
    expect(inWords('filters must be a whole number')).toBe('filters must be a whole number');
  });
});
