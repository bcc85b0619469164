import { describe, expect, it } from 'vitest';
import { recordOf } from '../../../test/runs/fixtures';
import type { RunRecord } from '../../shared/runs/record';
import { excludedText, scatterOf } from './scatter';

function run(id: string, params: number, accuracy: number | null, seconds = 10): RunRecord {
  const record = recordOf({ id, name: `Run ${id}`, loaded: { parameterCount: params } });
  const test = accuracy === null ? null : { ...record.test!, accuracy };
  return { ...record, seconds, test, confusion: test ? record.confusion : null };
}

describe('scatterOf', () => {
  it('places each run by its test accuracy and the cost asked for, and finds the front', () => {
    const runs = [run('a', 1000, 0.9, 30), run('b', 5000, 0.95, 20), run('c', 3000, 0.85, 40)];
    const byParams = scatterOf(runs, 'params');
    expect(byParams.points).toEqual([
      { id: 'a', name: 'Run a', cost: 1000, accuracy: 0.9 },
      { id: 'b', name: 'Run b', cost: 5000, accuracy: 0.95 },
      { id: 'c', name: 'Run c', cost: 3000, accuracy: 0.85 },
    ]);
    expect(byParams.front.map((p) => p.id)).toEqual(['a', 'b']);
    expect(byParams.excluded).toEqual([]);
    expect(byParams.cost.title).toBe('Parameters');

    // By time b is both the quickest and the most accurate: it alone is the front.
    const byTime = scatterOf(runs, 'seconds');
    expect(byTime.points.map((p) => p.cost)).toEqual([30, 20, 40]);
    expect(byTime.front.map((p) => p.id)).toEqual(['b']);
    expect(byTime.cost.text(75)).toBe('1:15');
  });

  it('uses the MACs per image the record counted', () => {
    const scatter = scatterOf([run('a', 1000, 0.9)], 'macs');
    // The fixture's layers: 7056 + 16 MACs.
    expect(scatter.points[0].cost).toBe(7072);
    expect(scatter.cost.text(7072)).toBe('0.01 M');
  });

  it('leaves out the runs with no test accuracy, and says which', () => {
    const runs = [run('a', 1000, 0.9), run('x', 10, null), run('y', 20, null)];
    const scatter = scatterOf(runs, 'params');
    expect(scatter.points.map((p) => p.id)).toEqual(['a']);
    expect(scatter.front.map((p) => p.id)).toEqual(['a']);
    expect(scatter.excluded).toEqual([
      { id: 'x', name: 'Run x' },
      { id: 'y', name: 'Run y' },
    ]);
    expect(excludedText(scatter.excluded)).toBe(
      '“Run x” and “Run y” have no test accuracy (the run ended before the test), so they are not on the scatter.',
    );
    expect(excludedText([{ id: 'x', name: 'Run x' }])).toBe(
      '“Run x” has no test accuracy (the run ended before the test), so it is not on the scatter.',
    );
    expect(excludedText([])).toBeNull();
  });

  it('draws the costs on a log axis when they span ten times or more, else a linear one', () => {
    expect(scatterOf([run('a', 1000, 0.9), run('b', 10_000, 0.95)], 'params').log).toBe(true);
    expect(scatterOf([run('a', 1000, 0.9), run('b', 9999, 0.95)], 'params').log).toBe(false);
    expect(scatterOf([run('a', 0, 0.9), run('b', 10_000, 0.95)], 'params').log).toBe(false);
    expect(scatterOf([run('a', 1000, 0.9)], 'params').log).toBe(false);
  });

  it('leaves a margin beyond the cheapest and the costliest run', () => {
    const linear = scatterOf([run('a', 1000, 0.9), run('b', 3000, 0.95)], 'params');
    expect([linear.xMin, linear.xMax]).toEqual([800, 3200]);
    // Ten decades, so one decade either side.
    const log = scatterOf([run('a', 10, 0.9), run('b', 1e11, 0.95)], 'params');
    expect(Math.log10(log.xMin!)).toBeCloseTo(0, 12);
    expect(Math.log10(log.xMax!)).toBeCloseTo(12, 12);
    const one = scatterOf([run('a', 500, 0.9)], 'params');
    expect([one.xMin, one.xMax]).toEqual([450, 550]);
    const free = scatterOf([run('a', 0, 0.9)], 'params');
    expect([free.xMin, free.xMax]).toEqual([0, 1]);
  });

  it('is empty for no runs', () => {
    const scatter = scatterOf([], 'params');
    expect([scatter.points, scatter.front, scatter.excluded, scatter.log]).toEqual([
      [],
      [],
      [],
      false,
    ]);
  });
});
