// The model summary as rows, and as text to paste elsewhere: Keras-style plain text, or Markdown.

import type { ModelInspection } from '../../engine';
import type { Totals } from '../document/totals';
import { formatBytes, formatCount, formatShape } from '../format';

export interface SummaryRow {
  id: string;
  type: string;
  output: string;
  params: string;
  macs: string;
  field: string;
  error: string | null;
}

export function summaryRows(inspection: ModelInspection): SummaryRow[] {
  return inspection.order.map((id) => {
    const node = inspection.nodes.get(id)!;
    const s = node.summary;
    const known = s?.outputShape != null;
    return {
      id,
      type: node.type,
      output: known ? formatShape(s!.outputShape!) : '—',
      params: known ? formatCount(s!.params) : '—',
      macs: known ? formatCount(s!.macs) : '—',
      field: s?.receptiveField ? formatShape(s.receptiveField.size) : '—',
      error: node.problems[0]?.message ?? null,
    };
  });
}

const HEADINGS = ['Layer (type)', 'Output shape', 'Params', 'MACs', 'RF'];

function totalLines(totals: Totals): string[] {
  return [
    `Total params: ${formatCount(totals.params)}`,
    `MACs per sample: ${formatCount(totals.macs)}`,
    `Weight memory: ${formatBytes(totals.weightBytes)}`,
  ];
}

export function summaryAsText(name: string, inspection: ModelInspection, totals: Totals): string {
  const cells = summaryRows(inspection).map((r) => [
    `${r.id} (${r.type})`,
    r.output,
    r.params,
    r.macs,
    r.field,
  ]);
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // The first column reads left to right; the figures line up on the right.
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('   ')
      .trimEnd();
  const rule = (ch: string) =>
    ch.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  return [
    `Model: "${name}"`,
    rule('='),
    line(HEADINGS),
    rule('='),
    ...cells.map(line),
    rule('='),
    ...totalLines(totals),
    '',
  ].join('\n');
}

export function summaryAsMarkdown(
  name: string,
  inspection: ModelInspection,
  totals: Totals,
): string {
  const rows = summaryRows(inspection).map(
    (r) => `| ${r.id} | ${r.type} | ${r.output} | ${r.params} | ${r.macs} | ${r.field} |`,
  );
  return [
    `**${name}**`,
    '',
    '| Layer | Type | Output shape | Params | MACs | RF |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    ...totalLines(totals).map((l) => `${l}  `),
    '',
  ].join('\n');
}
