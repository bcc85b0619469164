import { describe, expect, it } from 'vitest';
import { LAYER_TYPES } from '../../engine';
import { GROUPS, paletteCommands, paletteGroups } from './palette';

describe('paletteGroups', () => {
  it('lists every layer type once, in the contract groups', () => {
    const groups = paletteGroups('');
    expect(groups.map((g) => g.name)).toEqual([...GROUPS]);
    const types = groups.flatMap((g) => g.entries.map((e) => e.type));
    expect([...types].sort()).toEqual([...LAYER_TYPES].sort());
    expect(groups.flatMap((g) => g.entries).every((e) => e.description.length > 0)).toBe(true);
  });

  it('filters by title, type and description, every word', () => {
    const found = (q: string) => paletteGroups(q).flatMap((g) => g.entries.map((e) => e.type));
    // GELU's description names ConvNeXt, the architecture it appears in.
    expect(found('conv')).toEqual(['conv2d', 'gelu']);
    expect(found('depthwise')).toEqual(['conv2d']);
    expect(found('squeeze excitation')).toEqual(['multiply']);
    expect(found('POOL')).toEqual(['maxpool2d', 'avgpool2d', 'globalavgpool']);
    expect(found('max pool')).toEqual(['maxpool2d']);
    expect(found('residual')).toEqual(['add']);
    expect(found('zzz')).toEqual([]);
  });
});

describe('paletteCommands', () => {
  it('finds the commands a search names, by their name out of the menus, every word', () => {
    expect(paletteCommands('')).toEqual([]);
    expect(paletteCommands('  ')).toEqual([]);
    expect(paletteCommands('save')).toEqual(['save', 'save-as']);
    expect(paletteCommands('SAVE AS')).toEqual(['save-as']);
    expect(paletteCommands('export')).toEqual([
      'export-json',
      'export-tfjs',
      'export-onnx',
      'export-pytorch',
    ]);
    expect(paletteCommands('onnx')).toEqual(['export-onnx']);
    expect(paletteCommands('training')).toEqual(['train-start', 'train-pause', 'train-stop']);
    expect(paletteCommands('dashboard')).toEqual(['show-dashboard']);
    expect(paletteCommands('conv')).toEqual([]);
  });
});
