import { describe, expect, it } from 'vitest';
import { inspectModel } from '../../engine';
import { totalsOf } from '../document/totals';
import lenet5 from '../../../examples/lenet5.json';
import { summaryAsMarkdown, summaryAsText } from './summaryText';

const inspection = inspectModel(lenet5);
const totals = totalsOf(inspection);

describe('summaryAsText', () => {
  it('reads like Keras model.summary(), figures aligned on the right', () => {
    const text = summaryAsText('LeNet-5', inspection, totals);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "LeNet-5"');
    expect(lines[2]).toMatch(/^Layer \(type\) +Output shape +Params +MACs +RF$/);
    expect(lines).toContain('c1 (conv2d)           6×28×28      156   117,600     5×5');
    expect(lines).toContain('f1 (dense)                120   48,120    48,000   28×28');
    expect(text).toContain(
      'Total params: 61,706\nMACs per sample: 416,520\nWeight memory: 241.0 KB',
    );
    const rows = lines.slice(4, 13);
    expect(new Set(rows.map((l) => l.length)).size).toBe(1);
  });
});

describe('summaryAsMarkdown', () => {
  it('is a Markdown table with right-aligned figures', () => {
    const md = summaryAsMarkdown('LeNet-5', inspection, totals);
    expect(md).toContain('| --- | --- | ---: | ---: | ---: | ---: |');
    expect(md).toContain('| p2 | maxpool2d | 16×5×5 | 0 | 0 | 16×16 |');
    expect(md).toContain('Total params: 61,706  ');
  });
});
