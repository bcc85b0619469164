import { describe, expect, it } from 'vitest';
import { inspectModel, type ModelDocument } from '../../engine';
import { plainMessage, settingsLine } from './describe';

const doc: ModelDocument = {
  format: 'cnn-studio/model',
  version: 1,
  nodes: [
    { id: 'in', type: 'input', params: { channels: 1, height: 8, width: 8 } },
    { id: 'c', type: 'conv2d', params: { filters: 4, kernelSize: 3, activation: 'relu' } },
    { id: 'fl', type: 'flatten' },
    { id: 'd', type: 'dense', params: { units: 2, activation: 'relu' } },
  ],
  edges: [
    { from: 'in', to: 'c' },
    { from: 'c', to: 'fl' },
    { from: 'fl', to: 'd' },
  ],
};

describe('settingsLine', () => {
  const nodes = inspectModel(doc).nodes;

  it('adds the activation to a caption that leaves it out', () => {
    expect(settingsLine(nodes.get('c')!)).toBe('4 · 3×3 · s1 · valid · relu');
  });

  it('keeps a caption that has it, and is empty for a layer without settings', () => {
    expect(settingsLine(nodes.get('d')!)).toBe('2 units · relu');
    expect(settingsLine(nodes.get('fl')!)).toBe('');
  });
});

describe('plainMessage', () => {
  it('drops the node prefix and starts with a capital', () => {
    expect(
      plainMessage({
        nodeId: 'd',
        message: 'node "d" (dense): has no input; connect one node to it',
      }),
    ).toBe('Has no input; connect one node to it');
    expect(
      plainMessage({ nodeId: 'c', message: 'node "c" (conv2d): kernelSize 9 is larger' }),
    ).toBe('Kernel size 9 is larger');
    expect(
      plainMessage({
        nodeId: 'b',
        message: 'node "b" (batchnorm): runningVar must not be negative',
      }),
    ).toBe('Running variance must not be negative');
    expect(plainMessage({ message: 'edges: form a cycle through "a", "b"' })).toBe(
      'The edges form a cycle through "a", "b"',
    );
    expect(plainMessage({ message: 'edges: the model has 2 outputs ("a", "b")' })).toBe(
      'The model has 2 outputs ("a", "b")',
    );
  });

  it('says in a sentence that the model is empty or has no input', () => {
    const empty = inspectModel({ ...doc, nodes: [], edges: [] }).problems;
    expect(empty.map(plainMessage)).toEqual([
      'The model is empty: add an Input layer from the list on the left, or start from a template.',
    ]);
    const noInput = inspectModel({ ...doc, nodes: doc.nodes.slice(1), edges: doc.edges.slice(1) });
    expect(plainMessage(noInput.problems[0])).toBe('The model has no input: add an Input layer.');
  });
});
