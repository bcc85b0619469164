import * as v from 'valibot';
import { describeValue } from '../model/format';
import type { ActivationName } from '../model/types';
import { quote } from '../quote';

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

/**
 * The smallest epsilon of the normalisations: over a constant channel (variance 0) a value is
 * scaled by 1/√ε, at most 10⁶ here; ε = 1e-300 would scale by 10¹⁵⁰, past any float32.
 */
export const MIN_EPSILON = 1e-12;

export const epsilon = (defaultValue: number) =>
  v.optional(
    realNumber(`must be a number ≥ ${MIN_EPSILON}`, (e) => e >= MIN_EPSILON),
    defaultValue,
  );

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

/** The values of conv2d's and dense's `activation` setting; softmax only on dense (rows). */
export const ACTIVATIONS: readonly ActivationName[] = [
  'none',
  'relu',
  'leakyrelu',
  'tanh',
  'sigmoid',
  'relu6',
  'silu',
  'gelu',
  'softmax',
];

/** An `activation` setting that allows `allowed` (which includes "none", the default). */
export function activation<const A extends ActivationName>(allowed: readonly ('none' | A)[]) {
  return v.optional(
    v.picklist(allowed, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`),
    'none' as const,
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
        text: `unknown setting ${quote(setting)}; allowed settings: ${allowed.join(', ') || 'none'}`,
      };
    }
    if (issue.received === 'undefined') return { setting, text: `${setting} is required` };
  }
  if (setting === undefined) return { text: `params ${issue.message}` };
  const value = (path[0] as { value: unknown }).value;
  return { setting, text: `${setting} ${issue.message}, got ${describeValue(value)}` };
}
