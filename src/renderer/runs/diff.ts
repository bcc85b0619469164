// What differs between two runs: the layers added, removed or changed (matched by their names,
// which are the node ids), each change named in the inspector's words, and the settings that
// differ. Pure, so the view only lays it out.

import { layerDef, type ModelDocument } from '../../engine';
import type { NodeDoc } from '../../engine/model/types';
import type { RunRecord } from '../../shared/runs/record';
import { fieldsOf } from '../inspector/fields';
import { labelOf } from '../words';

/** One field that differs, before (the first run) and after (the second), as text. */
export interface FieldChange {
  key: string;
  label: string;
  before: string;
  after: string;
}

export interface LayerEntry {
  id: string;
  /** The layer's title (`Conv 2D`), or its type when the registry has no such layer. */
  title: string;
}

export interface LayerChange extends LayerEntry {
  fields: FieldChange[];
}

export interface ModelDiff {
  added: LayerEntry[];
  removed: LayerEntry[];
  changed: LayerChange[];
}

export interface RunDiff extends ModelDiff {
  settings: FieldChange[];
}

/** A setting or parameter as a person reads it: `3×3` for a pair, `—` for one not set. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.map(valueText).join('×');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const titleOf = (type: string) => layerDef(type)?.title ?? type;

const entryOf = (node: NodeDoc): LayerEntry => ({ id: node.id, title: titleOf(node.type) });

/**
 * A layer's settings as the inspector shows them, defaults filled in for those left out. A layer
 * whose type changed compares only what was written: the other type's defaults say nothing.
 */
function settingsOf(
  node: NodeDoc,
  defaults: boolean,
): Map<string, { label: string; value: unknown }> {
  const settings = new Map<string, { label: string; value: unknown }>();
  const params = node.params ?? {};
  for (const spec of fieldsOf(node.type)) {
    if (defaults || spec.key in params) {
      settings.set(spec.key, { label: spec.label, value: params[spec.key] ?? spec.fallback });
    }
  }
  for (const [key, value] of Object.entries(params)) {
    if (!settings.has(key)) settings.set(key, { label: labelOf(key), value });
  }
  return settings;
}

const inputsOf = (doc: ModelDocument, id: string) =>
  doc.edges.filter((edge) => edge.to === id).map((edge) => edge.from);

function layerChanges(a: ModelDocument, b: ModelDocument, before: NodeDoc, after: NodeDoc) {
  const fields: FieldChange[] = [];
  const change = (key: string, label: string, x: unknown, y: unknown) => {
    if (!same(x, y)) fields.push({ key, label, before: valueText(x), after: valueText(y) });
  };
  change('type', 'Layer', titleOf(before.type), titleOf(after.type));
  const defaults = before.type === after.type;
  const was = settingsOf(before, defaults);
  const is = settingsOf(after, defaults);
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const label = (is.get(key) ?? was.get(key))!.label;
    change(key, label, was.get(key)?.value, is.get(key)?.value);
  }
  // The order of a layer's inputs matters (concat), so the lists compare as they are.
  const from = inputsOf(a, before.id);
  const to = inputsOf(b, after.id);
  if (!same(from, to)) {
    fields.push({
      key: 'inputs',
      label: 'Inputs',
      before: from.join(', ') || '—',
      after: to.join(', ') || '—',
    });
  }
  return fields;
}

/** The layers of `b` not in `a`, those of `a` not in `b`, and those in both that differ. */
export function diffModels(a: ModelDocument, b: ModelDocument): ModelDiff {
  const before = new Map(a.nodes.map((node) => [node.id, node]));
  const after = new Set(b.nodes.map((node) => node.id));
  const diff: ModelDiff = {
    added: b.nodes.filter((node) => !before.has(node.id)).map(entryOf),
    removed: a.nodes.filter((node) => !after.has(node.id)).map(entryOf),
    changed: [],
  };
  for (const node of b.nodes) {
    const was = before.get(node.id);
    if (!was) continue;
    const fields = layerChanges(a, b, was, node);
    if (fields.length > 0) diff.changed.push({ ...entryOf(node), fields });
  }
  return diff;
}

/**
 * Every setting as a dotted key and its words: a group's `type` is the group itself
 * (`optimizer.type` → Optimizer), its other settings their own (`optimizer.learningRate` →
 * Learning rate).
 */
function flatten(settings: Record<string, unknown>, prefix = ''): Map<string, FieldChange> {
  const flat = new Map<string, FieldChange>();
  for (const [key, value] of Object.entries(settings)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, entry] of flatten(value as Record<string, unknown>, path)) {
        flat.set(inner, entry);
      }
      continue;
    }
    const label = prefix && key === 'type' ? labelOf(prefix.split('.').at(-1)!) : labelOf(key);
    flat.set(path, { key: path, label, before: '', after: valueText(value) });
  }
  return flat;
}

/** The settings whose values differ, in the order the first run lists them, then the second's. */
export function diffSettings(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): FieldChange[] {
  const before = flatten(a);
  const after = flatten(b);
  const changes: FieldChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key)?.after ?? '—';
    const is = after.get(key)?.after ?? '—';
    if (was !== is) {
      const label = (after.get(key) ?? before.get(key))!.label;
      changes.push({ key, label, before: was, after: is });
    }
  }
  return changes;
}

/** How the second run differs from the first: its model's layers and its settings. */
export function diffRuns(a: RunRecord, b: RunRecord): RunDiff {
  return { ...diffModels(a.model, b.model), settings: diffSettings(a.settings, b.settings) };
}
