// The runs as a comparison table: one set of columns for the CLI's `npm run runs`, the Runs view
// and their CSV and Markdown exports, each column with its value (to sort by and for CSV) and its
// text (as a table shows it).

import type { RunRecord } from './record';

export type CellValue = number | string | null;

export interface RunColumn {
  key: string;
  title: string;
  /** Numbers sort as numbers and align right. */
  numeric: boolean;
  value(run: RunRecord): CellValue;
  text(run: RunRecord): string;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `61706` → `61,706`. */
export function countText(x: number): string {
  return grouped.format(x);
}

/** `0.98612` → `98.61%`. */
export function percentText(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** `416520` → `0.42 M`, as the header writes costs. */
export function millionsText(x: number): string {
  return `${(x / 1e6).toFixed(2)} M`;
}

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** What the outcome column says: `finished`, `diverged`, `interrupted`… */
export function outcomeText(run: RunRecord): string {
  return run.outcome.kind;
}

const orNone = <T>(value: T | null | undefined, text: (x: T) => string) =>
  value === null || value === undefined ? '' : text(value);

function column(
  key: string,
  title: string,
  value: (run: RunRecord) => CellValue,
  text?: (run: RunRecord) => string,
  numeric = false,
): RunColumn {
  return { key, title, numeric, value, text: text ?? ((run) => String(value(run) ?? '')) };
}

function numberColumn(
  key: string,
  title: string,
  value: (run: RunRecord) => number | null,
  text: (x: number) => string,
): RunColumn {
  return column(key, title, value, (run) => orNone(value(run), text), true);
}

export const RUN_COLUMNS: readonly RunColumn[] = [
  column('name', 'Run', (r) => r.name),
  column('model', 'Model', (r) => r.model.name ?? ''),
  column('dataset', 'Dataset', (r) => r.dataset.name),
  column('outcome', 'Outcome', outcomeText),
  numberColumn('accuracy', 'Test accuracy', (r) => r.test?.accuracy ?? null, percentText),
  numberColumn(
    'loss',
    'Test loss',
    (r) => r.test?.loss ?? null,
    (x) => x.toFixed(4),
  ),
  numberColumn('params', 'Params', (r) => r.params, countText),
  numberColumn('macs', 'MACs', (r) => r.macs, millionsText),
  column(
    'epochs',
    'Epochs',
    (r) => r.epochs.length,
    (r) => `${r.epochs.length}/${r.settings.epochs}`,
    true,
  ),
  numberColumn('seconds', 'Time', (r) => r.seconds, durationText),
  numberColumn('speed', 'Images/s', (r) => r.samplesPerSecond, countText),
  column('optimizer', 'Optimizer', (r) => r.settings.optimizer.type),
  numberColumn('learningRate', 'Learning rate', (r) => r.settings.optimizer.learningRate, String),
  numberColumn('batch', 'Batch', (r) => r.settings.batchSize, String),
  numberColumn('seed', 'Seed', (r) => r.settings.seed, String),
  column(
    'started',
    'Started',
    (r) => r.startedAt,
    (r) => r.startedAt.slice(0, 16).replace('T', ' '),
  ),
  column('tags', 'Tags', (r) => r.tags.join(', ')),
  column('notes', 'Notes', (r) => r.notes),
  column('continuedFrom', 'Continued from', (r) => r.continuedFrom ?? ''),
  column('id', 'Id', (r) => r.id),
];

export type SortDirection = 'ascending' | 'descending';

/** A sorted copy; empty cells go last either way. */
export function sortRuns(
  runs: readonly RunRecord[],
  key: string,
  direction: SortDirection = 'ascending',
): RunRecord[] {
  const col = columnOf(key);
  const sign = direction === 'ascending' ? 1 : -1;
  const compare = (a: CellValue, b: CellValue): number => {
    if (a === null || a === '') return b === null || b === '' ? 0 : 1;
    if (b === null || b === '') return -1;
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    return sign * String(a).localeCompare(String(b));
  };
  return runs
    .map((run) => ({ run, value: col.value(run) }))
    .sort((a, b) => compare(a.value, b.value) || a.run.id.localeCompare(b.run.id))
    .map((entry) => entry.run);
}

export function columnOf(key: string): RunColumn {
  const found = RUN_COLUMNS.find((c) => c.key === key);
  if (!found) {
    throw new RangeError(
      `no column "${key}"; the columns are ${RUN_COLUMNS.map((c) => c.key).join(', ')}`,
    );
  }
  return found;
}

/** The runs as a GitHub-flavoured Markdown table, figures as the table shows them. */
export function runsMarkdown(
  runs: readonly RunRecord[],
  columns: readonly RunColumn[] = RUN_COLUMNS,
): string {
  const cell = (text: string) =>
    text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(columns.map((c) => cell(c.title))),
    row(columns.map((c) => (c.numeric ? '---:' : '---'))),
    ...runs.map((run) => row(columns.map((c) => cell(c.text(run))))),
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** The runs as CSV (RFC 4180): a header of column keys, plain values (fractions, seconds, ISO times). */
export function runsCsv(
  runs: readonly RunRecord[],
  columns: readonly RunColumn[] = RUN_COLUMNS,
): string {
  const cell = (value: CellValue) => {
    if (value === null) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.map((c) => c.key), ...runs.map((run) => columns.map((c) => c.value(run)))]
    .map((cells) => `${cells.map(cell).join(',')}\r\n`)
    .join('');
}
