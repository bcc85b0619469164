/** Throws a RangeError naming `name` unless `value` is a whole number ≥ 1. */
export function checkWhole(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
}
