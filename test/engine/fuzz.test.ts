import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  ModelError,
  parseModel,
  summarize,
  type ModelDocument,
} from '../../src/engine/index';
import { Random } from '../../src/engine/random';
import { base } from './documents';
import { chain, residual, shapesConvnet } from './models';

// Seeded fuzzing of model documents: small valid models, each mutated a few times at random
// places (values swapped for awkward ones, keys dropped or added, elements repeated, edges
// rewired), and three invariants on every result. The seed makes a failure reproducible: its
// message names the document's index, and `mutants(seed)` rebuilds it.

const SEED = 20_251_204;
const COUNT = 3000;

/** Small valid models covering the layer kinds, one with its weights written out. */
function seeds(): unknown[] {
  const mixed = chain(
    [1, 6, 6],
    [
      { id: 'c', type: 'conv2d', params: { filters: 3, kernelSize: 3, groups: 1 } },
      { id: 'bn', type: 'batchnorm' },
      { id: 'lr', type: 'leakyrelu', params: { alpha: 0.1 } },
      { id: 'ap', type: 'avgpool2d', params: { poolSize: 2 } },
      { id: 'fl', type: 'flatten' },
      { id: 'dr', type: 'dropout', params: { rate: 0.5 } },
      { id: 'out', type: 'dense', params: { units: 3, activation: 'softmax' } },
    ],
  );
  const trained = createNetwork(parseModel(base()), { seed: 1 }).toJSON();
  return [base(), residual(), shapesConvnet(8), mixed, trained];
}

const AWKWARD: readonly unknown[] = [
  0,
  -0,
  -1,
  1,
  2,
  3,
  7,
  0.5,
  -0.5,
  1.5,
  64,
  1000,
  2 ** 31,
  2 ** 53,
  1e39,
  -1e39,
  1e-300,
  3.4e38,
  NaN,
  Infinity,
  -Infinity,
  '',
  'x',
  'same',
  'valid',
  'relu',
  'conv2d',
  'dense',
  'add',
  'concat',
  'input',
  'flatten',
  '__proto__',
  'constructor',
  '\u001b[31m',
  'é'.repeat(300),
  null,
  true,
  false,
  [],
  {},
  [1, 2],
  [2, 2, 2],
  { type: 'relu' },
];

/** The numbers a layer's setting is most likely to trip on. */
const AWKWARD_NUMBERS: readonly number[] = [
  0,
  -1,
  1,
  2,
  0.5,
  1.5,
  1e39,
  -1e39,
  1e-300,
  3.4e38,
  2 ** 31,
  NaN,
  Infinity,
];

type Container = Record<string, unknown> | unknown[];

/** Every object and array in `value`, the root included. */
function containers(value: unknown, found: Container[] = []): Container[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value as Container);
  for (const child of Object.values(value)) containers(child, found);
  return found;
}

/** Ids of the document's nodes, where it still has them, for rewiring. */
function idsOf(doc: unknown): unknown[] {
  const nodes = (doc as { nodes?: unknown }).nodes;
  return Array.isArray(nodes) ? nodes.map((n) => (n as { id?: unknown } | null)?.id) : [];
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)];
}

/** One mutation of `doc` in place: half the time a layer's setting, else anywhere in it. */
function mutateOnce(doc: unknown, random: Random): void {
  const nodes = (doc as { nodes?: unknown }).nodes;
  if (random.int(2) === 0 && Array.isArray(nodes) && nodes.length > 0) {
    const node = pick(random, nodes) as { params?: unknown } | null;
    const params = node?.params;
    if (typeof params === 'object' && params !== null) {
      const keys = Object.keys(params);
      if (keys.length > 0) {
        (params as Record<string, unknown>)[pick(random, keys)] = pick(random, AWKWARD_NUMBERS);
        return;
      }
    }
  }
  const target = pick(random, containers(doc));
  const keys = Object.keys(target);
  const key = keys.length > 0 ? pick(random, keys) : '0';
  const record = target as Record<string, unknown>;
  const current = record[key];
  switch (random.int(6)) {
    case 0:
      record[key] = structuredClone(pick(random, AWKWARD));
      return;
    case 1:
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete record[key];
      return;
    case 2:
      if (Array.isArray(target)) target.splice(Number(key), 0, structuredClone(current));
      else record[`${key}${random.int(3)}`] = structuredClone(current);
      return;
    case 3:
      record[key] =
        typeof current === 'number'
          ? pick(random, [current * 2, current + 1, current - 1, -current, current / 3])
          : current;
      return;
    case 4:
      // Rewires an edge end, or names a node after another one.
      record[key] = pick(random, [...idsOf(doc), 'nowhere']);
      return;
    default:
      record[pick(random, ['type', 'params', 'id', 'from', 'to', 'extra'])] = structuredClone(
        pick(random, AWKWARD),
      );
  }
}

/** The `COUNT` mutated documents of `seed`, each of one or two mutations of a seed model. */
function* mutants(seed: number): Generator<unknown> {
  const random = new Random(seed);
  const models = seeds();
  for (let i = 0; i < COUNT; i++) {
    const doc = structuredClone(pick(random, models));
    const times = 1 + random.int(2);
    for (let m = 0; m < times; m++) mutateOnce(doc, random);
    yield doc;
  }
}

/** What breaks an invariant for `doc`, or null when all three hold. */
function violation(doc: unknown, input: Random): string | null {
  let spec: ReturnType<typeof parseModel>;
  try {
    spec = parseModel(doc);
  } catch (error) {
    return error instanceof ModelError ? null : `parseModel threw ${String(error)}`;
  }
  try {
    summarize(spec);
  } catch (error) {
    return `summarize threw ${String(error)}`;
  }
  let network: ReturnType<typeof createNetwork>;
  try {
    network = createNetwork(spec, { seed: 1 });
  } catch (error) {
    // Refused in words (memory planned before allocation): not an accepted model after all.
    return error instanceof ModelError ? null : `createNetwork threw ${String(error)}`;
  }
  const image = Float32Array.from({ length: network.inputSize }, () => input.normal());
  const scores = network.predict(image, 1);
  const bad = scores.findIndex((x) => !Number.isFinite(x));
  return bad < 0 ? null : `predicted ${scores[bad]} at output ${bad}`;
}

describe('fuzzed model documents', () => {
  it(`keep the invariants over ${COUNT} seeded mutants`, () => {
    const input = new Random(SEED + 1);
    const failures: string[] = [];
    let accepted = 0;
    let index = 0;
    for (const doc of mutants(SEED)) {
      const problem = violation(doc, input);
      if (problem) failures.push(`mutant ${index}: ${problem}`);
      else if (isAccepted(doc as ModelDocument)) accepted++;
      index++;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // Both sides of parseModel are exercised: many refused, and many accepted and run.
    expect(accepted).toBeGreaterThan(COUNT / 10);
    expect(accepted).toBeLessThan(COUNT - COUNT / 10);
  });
});

function isAccepted(doc: ModelDocument): boolean {
  try {
    parseModel(doc);
    return true;
  } catch {
    return false;
  }
}
