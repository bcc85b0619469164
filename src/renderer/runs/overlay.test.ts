import { describe, expect, it } from 'vitest';
import { loaded, model, recordOf } from '../../../test/runs/fixtures';
import { overlayOf, readTicked, RUN_COLOURS } from './overlay';

describe('overlayOf', () => {
  it('gives each run a colour, a legend entry and its train and validation curves in epochs', () => {
    const a = recordOf({ id: 'run-a', name: 'A', model: model('LeNet-5') });
    const b = recordOf({
      id: 'run-b',
      name: 'B',
      loaded: { settings: { ...loaded().settings, epochs: 5 } },
    });
    const overlay = overlayOf([a, b]);
    expect(overlay.legend).toEqual([
      { id: 'run-a', name: 'A', colour: '--run-1' },
      { id: 'run-b', name: 'B', colour: '--run-2' },
    ]);
    expect(overlay.series.map((s) => [s.label, s.colour, s.points])).toEqual([
      ['A: train', '--run-1', false],
      ['A: validation', '--run-1', true],
      ['B: train', '--run-2', false],
      ['B: validation', '--run-2', true],
    ]);
    // The fixture reports steps 5, 10, 15, 20 at 10 steps an epoch.
    expect(overlay.loss[0]).toEqual([
      { x: 0.5, y: 1.5 },
      { x: 1, y: 1.2 },
      { x: 1.5, y: 0.9 },
      { x: 2, y: 0.7 },
    ]);
    expect(overlay.loss[1]).toEqual([
      { x: 1, y: 1.1 },
      { x: 2, y: 0.55 },
    ]);
    expect(overlay.accuracy[1]).toEqual([
      { x: 1, y: 11 / 20 },
      { x: 2, y: 12 / 20 },
    ]);
    expect(overlay.xMax).toBe(5);
  });

  it('takes the colours round again past the last', () => {
    const runs = Array.from({ length: RUN_COLOURS.length + 1 }, (_, i) =>
      recordOf({ id: `run-${i}` }),
    );
    expect(overlayOf(runs).legend.at(-1)?.colour).toBe('--run-1');
  });
});

describe('readTicked', () => {
  it('reads the kept ids, and nothing from text that is not a list of them', () => {
    expect(readTicked('["run-a","run-b","run-a"]')).toEqual(['run-a', 'run-b']);
    expect(readTicked(null)).toEqual([]);
    expect(readTicked('{')).toEqual([]);
    expect(readTicked('[1]')).toEqual([]);
  });
});
