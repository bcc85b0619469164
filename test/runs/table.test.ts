import { describe, expect, it } from 'vitest';
import { columnOf, runsCsv, runsMarkdown, sortRuns } from '../../src/shared/runs/table';
import { recordOf } from './fixtures';

// The comparison table the CLI prints and the Runs view shows and exports.

const a = recordOf({ id: 'run-a', name: 'Wide | big', startedAt: '2025-01-02T10:30:00.000Z' });
const b = recordOf({
  id: 'run-b',
  name: 'Small, "fast"',
  startedAt: '2025-01-02T09:00:00.000Z',
  loaded: { parameterCount: 1234567 },
  finished: {
    reason: 'diverged',
    message: 'the loss became NaN',
    test: null,
    confusion: null,
    seconds: 3725,
  },
});
const columns = ['name', 'outcome', 'accuracy', 'params', 'macs', 'seconds', 'started'].map(
  columnOf,
);

describe('runsMarkdown', () => {
  it('writes a row per run, figures as shown, numbers aligned right, pipes escaped', () => {
    expect(runsMarkdown([a, b], columns)).toBe(
      '| Run | Outcome | Test accuracy | Params | MACs | Time | Started |\n' +
        '| --- | --- | ---: | ---: | ---: | ---: | --- |\n' +
        '| Wide \\| big | finished | 80.00% | 60 | 0.01 M | 0:04 | 2025-01-02 10:30 |\n' +
        '| Small, "fast" | diverged |  | 1,234,567 | 0.01 M | 1:02:05 | 2025-01-02 09:00 |\n',
    );
  });
});

describe('runsCsv', () => {
  it('writes plain values under the column keys, quoting what needs it', () => {
    expect(runsCsv([a, b], columns)).toBe(
      'name,outcome,accuracy,params,macs,seconds,started\r\n' +
        'Wide | big,finished,0.8,60,7072,3.5,2025-01-02T10:30:00.000Z\r\n' +
        '"Small, ""fast""",diverged,,1234567,7072,3725,2025-01-02T09:00:00.000Z\r\n',
    );
  });
});

describe('the notes and continued-from columns', () => {
  it('writes notes on one line in Markdown, and the run a run continued from', () => {
    const continued = { ...a, notes: 'first line\nsecond | line', continuedFrom: 'run-b' };
    const notes = ['name', 'notes', 'continuedFrom'].map(columnOf);
    expect(runsMarkdown([continued, b], notes).split('\n').slice(2)).toEqual([
      '| Wide \\| big | first line second \\| line | run-b |',
      '| Small, "fast" |  |  |',
      '',
    ]);
    expect(runsCsv([continued], notes)).toBe(
      'name,notes,continuedFrom\r\nWide | big,"first line\nsecond | line",run-b\r\n',
    );
  });
});

describe('sortRuns', () => {
  it('sorts by any column either way, empty cells last', () => {
    const c = recordOf({
      id: 'run-c',
      finished: { test: { loss: 1, accuracy: 0.9, correct: 36, count: 40 } },
    });
    expect(sortRuns([a, b, c], 'accuracy').map((r) => r.id)).toEqual(['run-a', 'run-c', 'run-b']);
    expect(sortRuns([a, b, c], 'accuracy', 'descending').map((r) => r.id)).toEqual([
      'run-c',
      'run-a',
      'run-b',
    ]);
    expect(sortRuns([a, b, c], 'started').map((r) => r.id)).toEqual(['run-b', 'run-a', 'run-c']);
    expect(sortRuns([a, b], 'name').map((r) => r.id)).toEqual(['run-b', 'run-a']);
  });

  it('names the columns when asked for one that does not exist', () => {
    expect(() => sortRuns([a], 'colour')).toThrow(
      /^no column "colour"; the columns are name, model, /,
    );
  });
});
