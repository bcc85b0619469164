// Raw input in a message is quoted through here: a bounded, escaped excerpt, so no message carries
// terminal escape sequences, invisible or direction-changing characters, or megabytes of a file.

/**
 * Written as escapes: controls (C0, DEL, C1: ESC and CSI start terminal sequences), invisible and
 * bidirectional formatting, line and paragraph separators, and lone surrogates.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Characters of input a message quotes before cutting it short with "…". */
export const QUOTE_CHARS = 40;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeOne(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The first `max` characters (whole code points) of `text`, and whether there was more. */
function head(text: string, max: number): { head: string; cut: boolean } {
  // Sliced before it is split, so a 10 MB string costs no more than a short one.
  const points = Array.from(text.slice(0, 2 * max)).slice(0, max);
  const kept = points.join('');
  return { head: kept, cut: kept.length < text.length };
}

/**
 * `text` as a message quotes it: in double quotes, escaped as in JSON and beyond (see UNSAFE), at
 * most `max` characters, then "…". `quote('conv1')` is `"conv1"`.
 */
export function quote(text: string | number, max = QUOTE_CHARS): string {
  const { head: kept, cut } = head(String(text), max);
  const escaped = kept.replace(/["\\]/g, escapeOne).replace(UNSAFE, escapeOne);
  return `"${escaped}${cut ? '…' : ''}"`;
}

/**
 * A message from elsewhere that may hold raw input, such as JSON.parse's, which quotes the text
 * around the error: unsafe characters escaped, at most `max` characters, then "…".
 */
export function sanitizeMessage(message: string, max = 200): string {
  const { head: kept, cut } = head(message, max);
  return `${kept.replace(UNSAFE, escapeOne)}${cut ? '…' : ''}`;
}
