// npm run export -- <model.json> --format json|tfjs|onnx|pytorch --out <path>
// Writes the model document, a TensorFlow.js model folder, an .onnx file or a PyTorch folder.
// Any problem is one line on stderr and exit code 1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { messageOf } from '../engine/errors';
import { ModelError, type ModelSpec } from '../engine/index';
import {
  exportModelJson,
  exportOnnx,
  exportPytorch,
  ExportError,
  exportTfjs,
  importModelJson,
  TFJS_WEIGHTS_FILE,
} from '../engine/export/index';
import { writeFileAtomic } from '../node/atomicWrite';
import { describeFileError, makeFolders, WriteError } from '../node/folders';

const FORMATS = ['json', 'tfjs', 'onnx', 'pytorch'] as const;
type Format = (typeof FORMATS)[number];

const USAGE =
  'usage: npm run export -- <model.json> --format json|tfjs|onnx|pytorch --out <path> ' +
  '[--no-weights (json)] [--fixed-batch (onnx)]';

interface Options {
  model: string;
  format: Format;
  out: string;
  weights: boolean;
  dynamicBatch: boolean;
}

/** An error whose message is already the one line to print. */
class CliError extends Error {}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        'no-weights': { type: 'boolean', default: false },
        'fixed-batch': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`${messageOf(error).split('\n')[0]}; ${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new CliError(`give exactly one model file; ${USAGE}`);
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}; ${USAGE}`);
  }
  if (!values.out) throw new CliError(`--out <path> is required; ${USAGE}`);
  if (values['no-weights'] && format !== 'json')
    throw new CliError('--no-weights applies to --format json only');
  if (values['fixed-batch'] && format !== 'onnx')
    throw new CliError('--fixed-batch applies to --format onnx only');
  return {
    model: positionals[0],
    format,
    out: values.out,
    weights: !values['no-weights'],
    dynamicBatch: !values['fixed-batch'],
  };
}

function readModel(path: string): ModelSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${messageOf(error)}`);
  }
  return importModelJson(text);
}

/** A ModelError's first problem, and how many more there are, on one line. */
function firstProblem(error: ModelError): string {
  const more = error.problems.length - 1;
  return `${error.problems[0].message}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/** The files to write: one file at --out, or a folder at --out holding several. */
function render(
  spec: ModelSpec,
  o: Options,
): { folder: boolean; files: Record<string, string | Uint8Array> } {
  switch (o.format) {
    case 'json':
      return {
        folder: false,
        files: {
          '': `${JSON.stringify(exportModelJson(spec, { weights: o.weights }), null, 2)}\n`,
        },
      };
    case 'onnx':
      return { folder: false, files: { '': exportOnnx(spec, { dynamicBatch: o.dynamicBatch }) } };
    case 'tfjs': {
      const { modelJson, weightsBin } = exportTfjs(spec);
      return {
        folder: true,
        files: { 'model.json': JSON.stringify(modelJson), [TFJS_WEIGHTS_FILE]: weightsBin },
      };
    }
    case 'pytorch':
      return { folder: true, files: { ...exportPytorch(spec) } };
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  let rendered: ReturnType<typeof render>;
  try {
    rendered = render(readModel(options.model), options);
  } catch (error) {
    if (error instanceof ModelError) throw new CliError(`${options.model}: ${firstProblem(error)}`);
    if (error instanceof ExportError) throw new CliError(`${options.model}: ${error.message}`);
    throw error;
  }
  const { folder, files } = rendered;
  const written: string[] = [];
  try {
    if (folder) await makeFolders(options.out);
    for (const [name, content] of Object.entries(files)) {
      const path = folder ? join(options.out, name) : options.out;
      await writeFileAtomic(path, content);
      written.push(path);
    }
  } catch (error) {
    if (error instanceof WriteError) throw new CliError(error.message);
    throw new CliError(`cannot write ${options.out}: ${describeFileError(error)}`);
  }
  console.log(`wrote ${written.join(', ')}`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  // Bad input is the user's to fix: one line, no stack. Anything else is a bug: show it all.
  console.error(`export: ${error instanceof CliError ? error.message : (error as Error).stack}`);
  process.exitCode = 1;
}
