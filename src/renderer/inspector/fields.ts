// The inspector's typed fields, read off each layer's settings schema in the registry (so a new
// layer needs no inspector code), and the checks a typed value must pass before it is written:
// the layer's own schema, the same one parseModel applies.

import * as v from 'valibot';
import { layerDef } from '../../engine';
import { labelOf } from '../words';

export type FieldKind =
  | { kind: 'number'; integer: boolean }
  /** `n` or `[h, w]`: kernel sizes, strides, paddings. */
  | { kind: 'pair' }
  | { kind: 'choice'; options: string[] }
  /** A named choice or `n` / `[h, w]`: conv2d's padding. */
  | { kind: 'choiceOrPair'; options: string[] }
  | { kind: 'toggle' };

export type FieldSpec = FieldKind & {
  key: string;
  label: string;
  /** What applies when the setting is left out; undefined when it must be given or is derived. */
  fallback: unknown;
  required: boolean;
};

/** The part of a valibot schema object this module reads. */
interface SchemaNode {
  type: string;
  wrapped?: SchemaNode;
  default?: unknown;
  options?: unknown[];
  entries?: Record<string, SchemaNode>;
  pipe?: { type: string }[];
}

export function fieldsOf(type: string): FieldSpec[] {
  const def = layerDef(type);
  if (!def) return [];
  const entries = (def.params as unknown as SchemaNode).entries ?? {};
  return Object.entries(entries).map(([key, schema]) => {
    const optional = schema.type === 'optional';
    const inner = optional ? schema.wrapped! : schema;
    return {
      key,
      label: labelOf(key),
      fallback: optional ? schema.default : undefined,
      required: def.required.includes(key),
      ...kindOf(inner),
    };
  });
}

function kindOf(schema: SchemaNode): FieldKind {
  if (schema.type === 'boolean') return { kind: 'toggle' };
  if (schema.type === 'picklist') return { kind: 'choice', options: schema.options as string[] };
  if (schema.type === 'number') {
    return { kind: 'number', integer: schema.pipe?.some((a) => a.type === 'integer') ?? false };
  }
  const options = (schema.options ?? []) as SchemaNode[];
  const named = options.find((o) => o.type === 'picklist');
  if (schema.type === 'union' && named) {
    return { kind: 'choiceOrPair', options: named.options as string[] };
  }
  if (schema.type === 'union' && options.some((o) => o.type === 'strict_tuple')) {
    return { kind: 'pair' };
  }
  throw new Error(`inspector: no field for a setting of schema type "${schema.type}"`);
}

/**
 * What a typed text means as a value: a number, a pair (`5×3`, `5x3`, `5, 3`, `[5, 3]`), or the
 * text itself for the schema to refuse with its message. Empty means "leave it out".
 */
export function parseFieldText(kind: FieldKind['kind'], text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (kind === 'pair' || kind === 'choiceOrPair') {
    const parts = trimmed
      .replace(/^\[(.*)\]$/, '$1')
      .split(/\s*[×x,]\s*|\s+/i)
      .filter((p) => p !== '');
    if (parts.length === 2 && parts.every(isNumeric)) return [Number(parts[0]), Number(parts[1])];
  }
  if (isNumeric(trimmed)) return Number(trimmed);
  return trimmed;
}

const isNumeric = (text: string) => /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text);

/** How a stored value reads in a text field. */
export function formatFieldValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('×');
  return String(value);
}

/**
 * Why `value` cannot be this setting of the node (a sentence fragment such as `must be a whole
 * number from 1 to 4096`), or null when it can. The other settings are taken as they are.
 */
export function settingRefusal(
  type: string,
  params: Record<string, unknown> | undefined,
  key: string,
  value: unknown,
): string | null {
  const def = layerDef(type);
  if (!def) return null;
  const candidate = { ...params };
  if (value === undefined) delete candidate[key];
  else candidate[key] = value;
  const result = v.safeParse(def.params, candidate, { abortPipeEarly: true });
  if (result.success) return null;
  const issue = result.issues.find((i) => (i.path?.[0] as { key?: unknown })?.key === key);
  if (!issue) return null;
  return issue.type === 'strict_object' && value === undefined ? 'is required' : issue.message;
}
