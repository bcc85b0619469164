import { describe, expect, it } from 'vitest';
import { formatBytes, formatCompact, formatCount, formatMillions, formatShape } from './format';

describe('format', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(61_706)).toBe('61,706');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('writes counts on a card in three figures or so', () => {
    expect(formatCompact(156)).toBe('156');
    expect(formatCompact(2_416)).toBe('2.4 k');
    expect(formatCompact(117_600)).toBe('118 k');
    expect(formatCompact(999_600)).toBe('1.0 M');
    expect(formatCompact(4_367_680)).toBe('4.4 M');
    expect(formatCompact(12_345_678_901)).toBe('12 G');
  });

  it('writes costs in millions with two decimals', () => {
    expect(formatMillions(416_520)).toBe('0.42 M');
    expect(formatMillions(12_345_678)).toBe('12.35 M');
  });

  it('writes shapes the way the app and the engine do', () => {
    expect(formatShape([6, 28, 28])).toBe('6×28×28');
  });

  it('writes memory in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(61_706 * 4)).toBe('241.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
