import { DatasetError } from './errors';

/** Decodes an ASCII file (the manifest, the digits CSV) without TextDecoder, a host API. */
export function decodeAscii(bytes: Uint8Array, file: string): string {
  const parts: string[] = [];
  const chunk = 8192; // keeps String.fromCharCode's argument list well inside engine limits
  for (let start = 0; start < bytes.length; start += chunk) {
    const slice = bytes.subarray(start, start + chunk);
    const bad = slice.findIndex((b) => b > 0x7f);
    if (bad >= 0) {
      throw new DatasetError(file, `${file}: unexpected non-ASCII byte at offset ${start + bad}`);
    }
    parts.push(String.fromCharCode(...slice));
  }
  return parts.join('');
}
