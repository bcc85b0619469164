// How numbers read in the UI. Grouping is fixed to en-US so figures align the same everywhere.

export { formatShape } from '../engine';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `61706` → `61,706`. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

/** `156` → `156`, `2416` → `2.4 k`, `117600` → `118 k`, `1234567` → `1.2 M`: counts on a card. */
export function formatCompact(value: number): string {
  const scaled = (x: number, unit: string) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ${unit}`;
  if (value < 1000) return String(value);
  if (value < 999_500) return scaled(value / 1e3, 'k');
  if (value < 999_500_000) return scaled(value / 1e6, 'M');
  return scaled(value / 1e9, 'G');
}

/** `416520` → `0.42 M`: costs in the header, where the order of magnitude is what matters. */
export function formatMillions(value: number): string {
  return `${(value / 1e6).toFixed(2)} M`;
}

/** `246824` → `241.0 KB`: binary units, as memory is counted. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
