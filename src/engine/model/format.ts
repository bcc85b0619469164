import { quote } from '../quote';
import type { Shape } from './types';

/** `6×28×28`: how shapes read in messages and in the UI. */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** A value as it appears in an error message: short, never `[object Object]`. */
export function describeValue(value: unknown): string {
  const text = formatAny(value, 2);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function formatAny(value: unknown, depth: number): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value))
    return depth > 0 ? `[${value.map((x) => formatAny(x, depth - 1)).join(', ')}]` : '[…]';
  if (typeof value === 'object') {
    if (depth === 0) return '{…}';
    // A key is input too: a plain name as it is, anything else quoted.
    return `{ ${Object.entries(value)
      .map(
        ([k, x]) =>
          `${/^[A-Za-z_$][\w$]{0,39}$/.test(k) ? k : quote(k)}: ${formatAny(x, depth - 1)}`,
      )
      .join(', ')} }`;
  }
  return typeof value;
}

export function isImage(shape: Shape): boolean {
  return shape.length === 3;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
