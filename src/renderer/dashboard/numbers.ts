// How the dashboard writes its figures: durations, rates, losses and percentages.

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** `0.9731` → `97.3%`. */
export function formatPercent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Four significant digits, without exponent noise for ordinary values: `0.1234`, `2.303`. */
export function formatValue(x: number): string {
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e4 || magnitude < 1e-3) return x.toExponential(2);
  return x
    .toPrecision(4)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** `1234.5` → `1,235`. */
export function formatRate(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
