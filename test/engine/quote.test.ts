import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importModelJson } from '../../src/engine/export/index';
import { ModelError, parseModel, type ModelDocument } from '../../src/engine/index';
import { quote, sanitizeMessage } from '../../src/engine/quote';

// Messages quote raw input as a bounded, escaped excerpt: never a terminal escape sequence, never
// megabytes of someone's file.

const ESCAPES = '\x1b[31mred\x1b]0;title\x07\x9b2J';
const HUGE = 'A'.repeat(10_000_000);
/** Anything a terminal or a page would act on rather than show. */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

describe('quote', () => {
  it('quotes a plain name as it is', () => {
    expect(quote('conv1')).toBe('"conv1"');
    expect(quote(3)).toBe('"3"');
  });

  it('escapes controls, quotes, backslashes, bidirectional and invisible characters', () => {
    expect(quote(ESCAPES)).toBe('"\\u001b[31mred\\u001b]0;title\\u0007\\u009b2J"');
    expect(quote('a"b\\c\nd\te')).toBe('"a\\"b\\\\c\\nd\\te"');
    expect(quote('\u202eevil\u200b\u2028')).toBe('"\\u202eevil\\u200b\\u2028"');
    expect(quote('lone \ud800 surrogate')).toBe('"lone \\ud800 surrogate"');
  });

  it('keeps at most 40 characters, whole code points, then "…"', () => {
    expect(quote(HUGE)).toBe(`"${'A'.repeat(40)}…"`);
    expect(quote('😀'.repeat(50))).toBe(`"${'😀'.repeat(40)}…"`);
    expect(quote('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
  });

  it('sanitizes a message that embeds input, such as JSON.parse’s', () => {
    expect(sanitizeMessage(`Unexpected token '\x1b', "\x1b[31m" is not valid JSON`)).toBe(
      `Unexpected token '\\u001b', "\\u001b[31m" is not valid JSON`,
    );
    expect(sanitizeMessage(HUGE)).toBe(`${'A'.repeat(200)}…`);
  });
});

describe('model messages quote raw input', () => {
  const base = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'mlp.json'), 'utf8'),
  ) as ModelDocument;
  const [first, second, ...rest] = base.nodes;

  /** The problems' messages of a document parseModel refuses. */
  function messages(document: unknown): string[] {
    try {
      parseModel(document);
    } catch (error) {
      if (error instanceof ModelError) return error.problems.map((p) => p.message);
      throw error;
    }
    throw new Error('the document was accepted');
  }

  it.each<[string, (bad: string) => unknown]>([
    ['an unknown top-level field', (bad) => ({ ...base, [bad]: 1 })],
    [
      'an unknown field of a node',
      (bad) => ({ ...base, nodes: [{ ...first, [bad]: 1 }, second, ...rest] }),
    ],
    [
      'an unknown setting of a layer',
      (bad) => ({ ...base, nodes: [first, { ...second, params: { [bad]: 1 } }, ...rest] }),
    ],
    ['weights of a node that is not there', (bad) => ({ ...base, weights: { [bad]: {} } })],
    [
      'an edge to a node that is not there',
      (bad) => ({ ...base, edges: [...base.edges, { from: first.id, to: bad }] }),
    ],
    ['a bad id', (bad) => ({ ...base, nodes: [{ ...first, id: bad }, second, ...rest] })],
    ['a bad type', (bad) => ({ ...base, nodes: [{ ...first, type: bad }, second, ...rest] })],
    ['an object whose key is the input', (bad) => ({ ...base, format: { [bad]: 1 } })],
  ])('%s: escaped, and a 10 MB string cut short', (_what, make) => {
    for (const bad of [ESCAPES, HUGE]) {
      const said = messages(make(bad));
      expect(said.length).toBeGreaterThan(0);
      for (const message of said) {
        expect(message).not.toMatch(UNSAFE_CHAR);
        expect(message.length).toBeLessThan(400);
      }
    }
  });

  it('a file that is not JSON: its bytes escaped in the message', () => {
    // JSON.parse's own message quotes the text around the error (how much depends on V8).
    const message = catchMessage(() => importModelJson(`{"a": ${ESCAPES}`));
    expect(message).toMatch(
      /^the file is not valid JSON: Unexpected token '\\u001b', "\{"a": \\u001b\[31m/,
    );
    expect(message).not.toMatch(UNSAFE_CHAR);
  });
});

function catchMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('nothing was thrown');
}
