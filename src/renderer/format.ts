// How numbers read in the UI. Grouping is fixed to en-US so figures align the same everywhere.

export { formatShape } from '../engine';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `61706` → `61,706`. */
export function formatCount(value: number): string {
  return grouped.format(value);
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
