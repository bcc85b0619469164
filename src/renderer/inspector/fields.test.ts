import { describe, expect, it } from 'vitest';
import { allLayerDefs } from '../../engine';
import { fieldsOf, formatFieldValue, parseFieldText, settingRefusal } from './fields';

describe('fieldsOf', () => {
  it('reads conv2d settings as typed fields with their defaults', () => {
    const fields = fieldsOf('conv2d').map(({ key, kind, fallback, required }) => ({
      key,
      kind,
      fallback,
      required,
    }));
    expect(fields).toEqual([
      { key: 'filters', kind: 'number', fallback: undefined, required: true },
      { key: 'kernelSize', kind: 'pair', fallback: undefined, required: true },
      { key: 'stride', kind: 'pair', fallback: 1, required: false },
      { key: 'padding', kind: 'choiceOrPair', fallback: 'valid', required: false },
      { key: 'dilation', kind: 'pair', fallback: 1, required: false },
      { key: 'groups', kind: 'number', fallback: 1, required: false },
      { key: 'useBias', kind: 'toggle', fallback: true, required: false },
      { key: 'activation', kind: 'choice', fallback: 'none', required: false },
    ]);
  });

  it('has a field for every setting of every layer', () => {
    for (const def of allLayerDefs()) expect(() => fieldsOf(def.type)).not.toThrow();
    expect(fieldsOf('dropout')[0]).toMatchObject({ kind: 'number', integer: false });
    expect(fieldsOf('flatten')).toEqual([]);
  });

  it('labels settings in words', () => {
    expect(fieldsOf('conv2d').map((f) => f.label)).toContain('Kernel size');
    expect(fieldsOf('conv2d')[0].label).toBe('Filters');
  });
});

describe('parseFieldText', () => {
  it('reads numbers, pairs and leaves other text for the schema to refuse', () => {
    expect(parseFieldText('number', ' 8 ')).toBe(8);
    expect(parseFieldText('number', '0.5')).toBe(0.5);
    expect(parseFieldText('number', '')).toBeUndefined();
    expect(parseFieldText('number', '8a')).toBe('8a');
    expect(parseFieldText('pair', '5×3')).toEqual([5, 3]);
    expect(parseFieldText('pair', '5x3')).toEqual([5, 3]);
    expect(parseFieldText('pair', '[5, 3]')).toEqual([5, 3]);
    expect(parseFieldText('pair', '5 3')).toEqual([5, 3]);
    expect(parseFieldText('pair', '5')).toBe(5);
    expect(parseFieldText('choiceOrPair', '2, 1')).toEqual([2, 1]);
  });

  it('writes values back the way they are typed', () => {
    expect(formatFieldValue([5, 3])).toBe('5×3');
    expect(formatFieldValue(8)).toBe('8');
    expect(formatFieldValue(undefined)).toBe('');
  });
});

describe('settingRefusal', () => {
  const conv = { filters: 16, kernelSize: 3 };

  it('accepts what the layer schema accepts', () => {
    expect(settingRefusal('conv2d', conv, 'filters', 8)).toBeNull();
    expect(settingRefusal('conv2d', conv, 'stride', undefined)).toBeNull();
  });

  it('gives the schema reason for a bad value, and says a required one is required', () => {
    expect(settingRefusal('conv2d', conv, 'filters', 0)).toBe(
      'must be a whole number from 1 to 4096',
    );
    expect(settingRefusal('conv2d', conv, 'filters', 'abc')).toBe(
      'must be a whole number from 1 to 4096',
    );
    expect(settingRefusal('conv2d', conv, 'filters', undefined)).toBe('is required');
    expect(settingRefusal('dropout', {}, 'rate', 1)).toBe('must be a number in [0, 1)');
  });

  it('judges only the setting being typed', () => {
    expect(settingRefusal('conv2d', { ...conv, filters: -1 }, 'kernelSize', 5)).toBeNull();
    expect(settingRefusal('maxpool2d', { poolSize: 2 }, 'padding', 2)).toBe(
      'must be at most half the window (poolSize)',
    );
  });
});
