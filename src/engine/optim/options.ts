import * as v from 'valibot';
import { realNumber } from '../layers/params';
import { describeValue } from '../model/format';
import { quote } from '../quote';

// The settings the optimizers share, each schema with the one sentence that says what it allows
// (the Train form shows it after the field's label, errors here after the setting's name).

export const learningRateValue = realNumber('must be above 0', (x) => x > 0);
export const learningRate = (fallback: number) => v.optional(learningRateValue, fallback);
export const weightDecay = v.optional(
  realNumber('must be 0 or more', (x) => x >= 0),
  0,
);
/** Momentum and the moment decays: 0 ≤ x < 1. */
export const fraction = (fallback: number) =>
  v.optional(
    realNumber('must be at least 0 and below 1', (x) => x >= 0 && x < 1),
    fallback,
  );

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
      ? `${type}: unknown setting ${quote(key)}`
      : `${type}: ${key || 'settings'} ${issue.message}, got ${describeValue(value)}`,
  );
}
