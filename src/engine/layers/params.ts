import * as v from 'valibot';
import { formatValue } from '../model/format';
import type { ActivationName } from '../model/types';

// Building blocks for the layers' settings. Each schema carries one message saying what is
// allowed; the parser prefixes it with the node and the setting.

export type Pair = [number, number];

export function wholeNumber(min: number, max: number, says?: string) {
  const message =
    says ??
    (max === Infinity
      ? `must be a whole number ≥ ${min}`
      : `must be a whole number from ${min} to ${max}`);
  return v.pipe(
    v.number(message),
    v.finite(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
  );
}

export function realNumber(message: string, check?: (x: number) => boolean) {
  return v.pipe(v.number(message), v.finite(message), v.check(check ?? (() => true), message));
}

/** `n` or `[nh, nw]`, normalised to a pair. */
export function intOrPair(min: number, max = 4096) {
  const message = `must be a whole number from ${min} to ${max} or a pair [h, w] of them`;
  const whole = wholeNumber(min, max, message);
  return v.pipe(
    v.union([whole, v.strictTuple([whole, whole], message)], message),
    v.transform((x): Pair => (typeof x === 'number' ? [x, x] : [x[0], x[1]])),
  );
}

export const ACTIVATIONS = ['none', 'relu', 'leakyrelu', 'tanh', 'sigmoid', 'softmax'] as const;

export function activation(allowed: readonly ActivationName[]) {
  return v.optional(
    v.picklist(allowed, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`),
    'none',
  );
}

export const useBias = v.optional(v.boolean('must be true or false'), true);

/** A strict params object: unknown settings are errors, missing ones take their defaults. */
export function settings<const E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, 'must be an object of settings');
}

/** The one-line description of a settings issue, e.g. `kernelSize must be … , got -1`. */
export function describeSettingIssue(
  issue: v.BaseIssue<unknown>,
  allowed: readonly string[],
): {
  setting?: string;
  text: string;
} {
  const path = issue.path ?? [];
  const setting = path.length > 0 ? String((path[0] as { key: unknown }).key) : undefined;
  if (issue.type === 'strict_object' && setting !== undefined) {
    if (issue.expected === 'never') {
      return {
        setting,
        text: `unknown setting "${setting}"; allowed settings: ${allowed.join(', ') || 'none'}`,
      };
    }
    if (issue.received === 'undefined') return { setting, text: `${setting} is required` };
  }
  if (setting === undefined) return { text: `params ${issue.message}` };
  const value = (path[0] as { value: unknown }).value;
  return { setting, text: `${setting} ${issue.message}, got ${formatValue(value)}` };
}
