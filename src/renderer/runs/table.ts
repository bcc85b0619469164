// What the Runs view's table shows: which of the shared run columns, the runs the filter lets
// through, in the order the person asked for. Pure, so the view only wires it up.

import type { RunRecord } from '../../shared/runs/record';
import { columnOf, sortRuns, type RunColumn, type SortDirection } from '../../shared/runs/table';

/** The columns of the view's table, in order (the exports write every column). */
export const VIEW_COLUMNS: readonly RunColumn[] = [
  'name',
  'model',
  'dataset',
  'outcome',
  'accuracy',
  'params',
  'macs',
  'epochs',
  'seconds',
  'speed',
  'started',
].map(columnOf);

export interface RunSort {
  key: string;
  direction: SortDirection;
}

/** Newest first until a header is clicked. */
export const DEFAULT_SORT: RunSort = { key: 'started', direction: 'descending' };

/** Clicking a header: the same column turns the order round; another sorts by it, ascending. */
export function nextSort(current: RunSort, key: string): RunSort {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** Whether every word of the query is in the run's dataset, model name or one of its tags. */
export function matchesQuery(run: RunRecord, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const fields = [run.dataset.name, run.model.name ?? '', ...run.tags].map((f) => f.toLowerCase());
  return words.every((word) => fields.some((field) => field.includes(word)));
}

/** The runs the table shows: those matching the query, sorted. */
export function shownRuns(runs: readonly RunRecord[], query: string, sort: RunSort): RunRecord[] {
  return sortRuns(
    runs.filter((run) => matchesQuery(run, query)),
    sort.key,
    sort.direction,
  );
}

/** `"mnist, wide ,, mnist"` → `["mnist", "wide"]`: the tags a person typed, as a run keeps them. */
export function tagsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}
