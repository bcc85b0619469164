import type { Split } from './dataset';
import { DatasetError } from './errors';
import { quote } from '../quote';

export const DIGITS_SIDE = 8;
const PIXELS = DIGITS_SIDE * DIGITS_SIDE;
/** Each pixel counts the set pixels of a 4×4 block, so it runs 0..16. */
const MAX_LEVEL = 16;

/**
 * Parses scikit-learn's digits.csv: one image per line, 64 integers 0..16 (8×8, row by row) and
 * then the label 0..9. Pixels are rescaled to 0..255 so every dataset shares one range.
 */
export function parseDigitsCsv(text: string, file: string): Split {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const images = new Uint8Array(lines.length * PIXELS);
  const labels = new Uint8Array(lines.length);
  lines.forEach((line, row) => {
    const fail = (problem: string): never => {
      throw new DatasetError(file, `${file}, line ${row + 1}: ${problem}`);
    };
    const fields = line.trim().split(',');
    if (fields.length !== PIXELS + 1) fail(`expected ${PIXELS + 1} values, found ${fields.length}`);
    fields.forEach((field, column) => {
      const value = /^\d+$/.test(field) ? Number(field) : NaN;
      const max = column < PIXELS ? MAX_LEVEL : 9;
      if (!(value <= max))
        fail(`value ${column + 1} is ${quote(field)}, expected an integer 0..${max}`);
      if (column < PIXELS) images[row * PIXELS + column] = Math.round((value * 255) / MAX_LEVEL);
      else labels[row] = value;
    });
  });
  return { images, labels, count: lines.length };
}
