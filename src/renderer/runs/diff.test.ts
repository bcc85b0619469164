import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../engine';
import { model, recordOf } from '../../../test/runs/fixtures';
import { diffModels, diffRuns, diffSettings, valueText } from './diff';

const example = (name: string) =>
  JSON.parse(readFileSync(`examples/${name}.json`, 'utf8')) as ModelDocument;

describe('diffModels', () => {
  it('lists the layers added, removed and rewired from LeNet-5 to the MLP', () => {
    expect(diffModels(example('lenet5'), example('mlp'))).toEqual({
      added: [
        { id: 'h1', title: 'Dense' },
        { id: 'h2', title: 'Dense' },
      ],
      removed: [
        { id: 'c1', title: 'Conv 2D' },
        { id: 'p1', title: 'Max pool' },
        { id: 'c2', title: 'Conv 2D' },
        { id: 'p2', title: 'Max pool' },
        { id: 'f1', title: 'Dense' },
        { id: 'f2', title: 'Dense' },
      ],
      changed: [
        {
          id: 'flat',
          title: 'Flatten',
          fields: [{ key: 'inputs', label: 'Inputs', before: 'p2', after: 'in' }],
        },
        {
          id: 'out',
          title: 'Dense',
          fields: [{ key: 'inputs', label: 'Inputs', before: 'f2', after: 'h2' }],
        },
      ],
    });
  });

  it('names each changed setting as the inspector does, defaults filled in, a new type’s as written', () => {
    const a = model('A', 4);
    const b = structuredClone(a);
    b.nodes[1].params = { filters: 8, kernelSize: [3, 5], activation: 'relu', stride: 1 };
    b.nodes[3] = { id: 'out', type: 'conv2d', params: { filters: 4, kernelSize: 1 } };
    const diff = diffModels(a, b);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    // c1's stride of 1 is its default: written out or left out, it is the same setting.
    expect(diff.changed[0]).toEqual({
      id: 'c1',
      title: 'Conv 2D',
      fields: [
        { key: 'filters', label: 'Filters', before: '4', after: '8' },
        { key: 'kernelSize', label: 'Kernel size', before: '3', after: '3×5' },
      ],
    });
    expect(diff.changed[1].id).toBe('out');
    expect(diff.changed[1].fields.map((f) => [f.label, f.before, f.after])).toEqual([
      ['Layer', 'Dense', 'Conv 2D'],
      ['Units', '4', '—'],
      ['Filters', '—', '4'],
      ['Kernel size', '—', '1'],
    ]);
  });

  it('finds nothing between a model and itself, positions aside', () => {
    const a = example('lenet5');
    const b = structuredClone(a);
    b.nodes[1].position = { x: 999, y: 1 };
    expect(diffModels(a, b)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('diffSettings', () => {
  it('lists the settings that differ in words, a group’s type named by the group', () => {
    const a = recordOf().settings;
    const b = {
      ...a,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.001 },
      schedule: { type: 'cosine', warmupSteps: 0, minFactor: 0 },
    };
    expect(diffSettings(a, b)).toEqual([
      { key: 'batchSize', label: 'Batch size', before: '10', after: '32' },
      { key: 'optimizer.type', label: 'Optimizer', before: 'sgd', after: 'adam' },
      { key: 'optimizer.learningRate', label: 'Learning rate', before: '0.05', after: '0.001' },
      { key: 'optimizer.momentum', label: 'Momentum', before: '0.9', after: '—' },
      { key: 'optimizer.nesterov', label: 'Nesterov', before: 'true', after: '—' },
      { key: 'schedule.type', label: 'Schedule', before: 'constant', after: 'cosine' },
      { key: 'schedule.minFactor', label: 'Min factor', before: '—', after: '0' },
    ]);
    expect(diffSettings(a, { ...a })).toEqual([]);
  });
});

describe('diffRuns', () => {
  it('puts the model’s and the settings’ differences together', () => {
    const a = recordOf({ model: model('A', 4) });
    const b = { ...recordOf({ model: model('B', 6) }) };
    b.settings = { ...b.settings, seed: 7 };
    const diff = diffRuns(a, b);
    expect(diff.changed.map((c) => [c.id, c.fields.map((f) => `${f.before}→${f.after}`)])).toEqual([
      ['c1', ['4→6']],
    ]);
    expect(diff.settings).toEqual([{ key: 'seed', label: 'Seed', before: '1', after: '7' }]);
  });
});

describe('valueText', () => {
  it('writes values as the inspector’s fields do', () => {
    expect([valueText(3), valueText([2, 3]), valueText(true), valueText(undefined)]).toEqual([
      '3',
      '2×3',
      'true',
      '—',
    ]);
  });
});
