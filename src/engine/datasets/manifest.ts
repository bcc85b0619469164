import { decodeAscii } from './ascii';
import { DatasetError } from './errors';
import { sha256Hex } from './host';
import { quote } from '../quote';

/** Where the manifest sits, relative to the datasets folder, like every path it lists. */
export const MANIFEST_FILE = 'manifest.json';

export interface ManifestEntry {
  /** Size of the file's content (after decompression for a .gz: zlib builds may compress differently). */
  bytes: number;
  /** SHA-256 of that content, lowercase hex. */
  sha256: string;
}

/** What `scripts/datasets/prepare.mjs` writes: every dataset file with its size and hash. */
export interface Manifest {
  files: Record<string, ManifestEntry>;
}

/** The advice every missing- or damaged-file error ends with. */
export const RESTORE_HINT =
  'Restore it with `npm run datasets` (in a source checkout) or by reinstalling CNN Studio.';

function isEntry(value: unknown): value is ManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { bytes, sha256 } = value as Record<string, unknown>;
  return Number.isInteger(bytes) && typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256);
}

export function parseManifest(bytes: Uint8Array): Manifest {
  const fail = (problem: string, cause?: unknown): never => {
    throw new DatasetError(MANIFEST_FILE, `${MANIFEST_FILE}: ${problem}. ${RESTORE_HINT}`, {
      cause,
    });
  };
  let json: unknown;
  try {
    json = JSON.parse(decodeAscii(bytes, MANIFEST_FILE));
  } catch (error) {
    fail('is not valid JSON', error);
  }
  const files = (json as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null) fail('has no "files" object');
  for (const [file, entry] of Object.entries(files as object)) {
    if (!isEntry(entry)) fail(`entry ${quote(file)} needs an integer "bytes" and a hex "sha256"`);
  }
  return { files: files as Record<string, ManifestEntry> };
}

/** The manifest's entry for `file`; a DatasetError if it lists none. */
export function manifestEntry(manifest: Manifest, file: string): ManifestEntry {
  const entry = Object.hasOwn(manifest.files, file) ? manifest.files[file] : undefined;
  if (!entry) {
    throw new DatasetError(file, `${file} is not listed in ${MANIFEST_FILE}. ${RESTORE_HINT}`);
  }
  return entry;
}

/** Throws a DatasetError naming the file unless its size and SHA-256 are those in the manifest. */
export async function verifyFile(
  manifest: Manifest,
  file: string,
  bytes: Uint8Array,
): Promise<void> {
  const entry = manifestEntry(manifest, file);
  const damaged = (found: string): never => {
    throw new DatasetError(
      file,
      `${file} is damaged: expected ${entry.bytes} bytes with SHA-256 ${entry.sha256}, ` +
        `found ${found}. ${RESTORE_HINT}`,
    );
  };
  if (bytes.length !== entry.bytes) damaged(`${bytes.length} bytes`);
  const hash = await sha256Hex(bytes);
  if (hash !== entry.sha256) damaged(`SHA-256 ${hash}`);
}
