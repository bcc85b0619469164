import { describe, expect, it } from 'vitest';
import { model, recordOf } from '../../../test/runs/fixtures';
import { DEFAULT_SORT, matchesQuery, nextSort, shownRuns, tagsOf, VIEW_COLUMNS } from './table';

const lenet = { ...recordOf({ id: 'run-a', model: model('LeNet-5') }), tags: ['baseline'] };
const wide = {
  ...recordOf({
    id: 'run-b',
    model: model('Wide'),
    startedAt: '2025-01-03T08:00:00.000Z',
    finished: { test: { loss: 0.2, accuracy: 0.95, correct: 38, count: 40 } },
  }),
  dataset: { ...lenet.dataset, name: 'mnist' as const },
  tags: ['sweep', 'lr-0.1'],
};

describe('the Runs table', () => {
  it('shows the columns the issue asks for, from the shared table', () => {
    expect(VIEW_COLUMNS.map((c) => c.title)).toEqual([
      'Run',
      'Model',
      'Dataset',
      'Outcome',
      'Test accuracy',
      'Params',
      'MACs',
      'Epochs',
      'Time',
      'Images/s',
      'Started',
    ]);
  });

  it('matches every word of the filter against dataset, model name and tags', () => {
    expect(matchesQuery(lenet, '')).toBe(true);
    expect(matchesQuery(lenet, 'lenet')).toBe(true);
    expect(matchesQuery(lenet, 'shapes')).toBe(true);
    expect(matchesQuery(lenet, 'BASE')).toBe(true);
    expect(matchesQuery(lenet, 'mnist')).toBe(false);
    expect(matchesQuery(wide, 'mnist lr-0.1')).toBe(true);
    expect(matchesQuery(wide, 'mnist baseline')).toBe(false);
    // The run's own name is not one of the fields filtered on.
    expect(matchesQuery(lenet, 'Tiny run')).toBe(false);
  });

  it('sorts newest first, then by the header clicked, turning round on a second click', () => {
    expect(shownRuns([lenet, wide], '', DEFAULT_SORT).map((r) => r.id)).toEqual(['run-b', 'run-a']);
    const byAccuracy = nextSort(DEFAULT_SORT, 'accuracy');
    expect(byAccuracy).toEqual({ key: 'accuracy', direction: 'ascending' });
    expect(shownRuns([wide, lenet], '', byAccuracy).map((r) => r.id)).toEqual(['run-a', 'run-b']);
    expect(nextSort(byAccuracy, 'accuracy')).toEqual({ key: 'accuracy', direction: 'descending' });
    expect(shownRuns([lenet, wide], 'sweep', byAccuracy).map((r) => r.id)).toEqual(['run-b']);
  });

  it('reads typed tags: trimmed, empty ones dropped, each once', () => {
    expect(tagsOf('mnist, wide ,, mnist')).toEqual(['mnist', 'wide']);
    expect(tagsOf('  ')).toEqual([]);
  });
});
