import * as v from 'valibot';
import { wholeNumber } from '../layers/params';
import { MAX_BATCH_SIZE, MAX_EPOCHS, MAX_SEED } from '../train/limits';

// The document's structure (contract, "Document"). Layer settings are checked afterwards by each
// layer's own schema, graph rules by graph.ts, shapes by shapes.ts.

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function object<const E extends v.ObjectEntries>(entries: E, message: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, message),
    v.strictObject(entries, message),
  );
}

function openObject<const E extends v.ObjectEntries>(entries: E, message: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, message),
    v.looseObject(entries, message),
  );
}

const finite = (message: string) => v.pipe(v.number(message), v.finite(message));

const MAX_DEPTH = 64;
const JSON_DEPTH_MESSAGE = `must be JSON data nested at most ${MAX_DEPTH} levels deep, without cycles`;

/** Free-form data (training, meta) is copied on export; bound its depth so copying cannot overflow. */
function isShallowJson(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= MAX_DEPTH || seen.has(item)) return false;
    seen.add(item);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const tensorSchema = object(
  {
    shape: v.array(wholeNumber(1, 1 << 24), 'must be a list of dimensions'),
    // A Float32Array only in a document handed over in memory (importOnnx's); its values are
    // checked as decoded base64 is, in parse.ts, rather than element by element here.
    data: v.union(
      [v.string(), v.array(finite('must be a finite number')), v.instance(Float32Array)],
      'must be a base64 string or a list of finite numbers',
    ),
  },
  'must be an object { shape, data }',
);

const optimizer = openObject(
  {
    type: v.picklist(['sgd', 'adam', 'adamw'], 'must be "sgd", "adam" or "adamw"'),
    learningRate: v.optional(
      v.pipe(finite('must be a number > 0'), v.gtValue(0, 'must be a number > 0')),
    ),
  },
  'must be an object with a type',
);

export const documentSchema = object(
  {
    format: v.literal('cnn-studio/model', 'must be "cnn-studio/model"'),
    version: v.literal(1, 'must be 1'),
    name: v.optional(v.string('must be a string')),
    classes: v.optional(v.array(v.string('must be a string'), 'must be a list of class names')),
    nodes: v.pipe(
      v.array(
        object(
          {
            id: v.pipe(
              v.string('must be a string'),
              v.regex(ID_PATTERN, 'must be 1 to 64 characters of A-Z a-z 0-9 _ -'),
            ),
            type: v.string('must be a string naming a layer type'),
            params: v.optional(
              v.custom<Record<string, unknown>>(isPlainObject, 'must be an object of settings'),
            ),
            position: v.optional(
              object(
                { x: finite('must be a finite number'), y: finite('must be a finite number') },
                'must be an object { x, y }',
              ),
            ),
            label: v.optional(v.string('must be a string')),
          },
          'must be an object { id, type, params }',
        ),
        'must be a list of nodes',
      ),
      v.minLength(1, 'must list at least one node'),
    ),
    edges: v.array(
      object(
        { from: v.string('must be a node id'), to: v.string('must be a node id') },
        'must be an object { from, to }',
      ),
      'must be a list of edges',
    ),
    // Checked entry by entry in parse.ts: valibot's record skips keys such as "constructor",
    // which are valid node ids.
    weights: v.optional(
      v.custom<Record<string, unknown>>(isPlainObject, 'must be an object of node ids'),
    ),
    training: v.optional(
      v.pipe(
        openObject(
          {
            dataset: v.optional(v.string('must be a string')),
            batchSize: v.optional(wholeNumber(1, MAX_BATCH_SIZE)),
            epochs: v.optional(wholeNumber(1, MAX_EPOCHS)),
            seed: v.optional(wholeNumber(0, MAX_SEED)),
            optimizer: v.optional(optimizer),
          },
          'must be an object',
        ),
        v.check<Record<string, unknown>, string>(isShallowJson, JSON_DEPTH_MESSAGE),
      ),
    ),
    meta: v.optional(
      v.pipe(
        v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
        v.check<Record<string, unknown>, string>(isShallowJson, JSON_DEPTH_MESSAGE),
      ),
    ),
  },
  'must be a JSON object',
);

export type ParsedDocument = v.InferOutput<typeof documentSchema>;
