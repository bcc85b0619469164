import * as v from 'valibot';
import { formatValue } from '../model/format';

/** Validates optimizer settings; an unknown or out-of-range setting is a RangeError that names it. */
export function optimizerOptions<
  S extends v.GenericSchema<unknown, Record<string, number | boolean>>,
>(
  type: string,
  schema: S,
  settings: unknown,
  defaults: Record<string, number> = {},
): v.InferOutput<S> {
  const merged =
    typeof settings === 'object' && settings !== null ? { ...defaults, ...settings } : settings;
  const result = v.safeParse(schema, merged);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = issue.path?.map((p) => String((p as { key: unknown }).key)).join('.') ?? '';
  const value = issue.path?.length
    ? (issue.path[issue.path.length - 1] as { value: unknown }).value
    : settings;
  throw new RangeError(
    issue.type === 'strict_object' && issue.expected === 'never'
      ? `${type}: unknown setting "${key}"`
      : `${type}: ${key || 'settings'} is out of range (${issue.expected ?? 'invalid'}), got ${formatValue(value)}`,
  );
}
