import { describe, expect, it } from 'vitest';
import { allLayerDefs } from '../../engine';
import { kindColour } from './kind';

describe('kindColour', () => {
  it('colours a layer by its registry group', () => {
    expect(kindColour('conv2d')).toBe('var(--kind-convolution)');
    expect(kindColour('maxpool2d')).toBe('var(--kind-pooling)');
    expect(kindColour('add')).toBe('var(--kind-merge)');
    expect(kindColour('batchnorm')).toBe('var(--kind-regularisation)');
  });

  it('gives every registered type a kind token and an unknown type the handle grey', () => {
    for (const def of allLayerDefs())
      expect(kindColour(def.type)).toMatch(/^var\(--kind-[a-z]+\)$/);
    expect(kindColour('nonsense')).toBe('var(--handle)');
  });
});
