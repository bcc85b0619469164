// Python source literals for JSON-like values.

export type PyValue = number | boolean | string | null | PyValue[] | { [key: string]: PyValue };

export function py(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  // JSON's escapes are also Python's, and JSON numbers are Python numbers.
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${py(v)}`)
    .join(', ')}}`;
}

/** `(a, b)`, for PyTorch's pair settings. */
export function pyPair([a, b]: readonly number[]): string {
  return `(${a}, ${b})`;
}

/** Text safe inside a one-line Python docstring. */
export function docText(text: string): string {
  return text.replace(/[\\"\r\n]/g, ' ');
}
