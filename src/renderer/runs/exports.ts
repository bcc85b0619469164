// The Runs table as files: CSV (plain values, for a spreadsheet or a script) or Markdown (the
// figures as the table shows them, for a report), both written by the shared table module with
// every column it has, of the runs the view shows, in its order.

import type { RunRecord } from '../../shared/runs/record';
import { runsCsv, runsMarkdown } from '../../shared/runs/table';

export type TableFormat = 'csv' | 'markdown';

export interface TableFile {
  name: string;
  data: string;
}

export function tableFile(runs: readonly RunRecord[], format: TableFormat): TableFile {
  return format === 'csv'
    ? { name: 'runs.csv', data: runsCsv(runs) }
    : { name: 'runs.md', data: runsMarkdown(runs) };
}
