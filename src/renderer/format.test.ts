import { describe, expect, it } from 'vitest';
import { formatCount, formatMillions, formatShape } from './format';

describe('format', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(61_706)).toBe('61,706');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('writes costs in millions with two decimals', () => {
    expect(formatMillions(416_520)).toBe('0.42 M');
    expect(formatMillions(12_345_678)).toBe('12.35 M');
  });

  it('writes shapes the way the app and the engine do', () => {
    expect(formatShape([6, 28, 28])).toBe('6×28×28');
  });
});
