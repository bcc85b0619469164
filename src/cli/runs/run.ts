import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { messageOf } from '../../engine/errors';
import { RunFolders } from '../../node/runFolders';
import { RUN_COLUMNS, runsCsv, runsMarkdown, sortRuns } from '../../shared/runs/table';
import { quote } from '../../engine/quote';

export const RUNS_USAGE = `usage: npm run runs -- <DIR> [--csv] [--sort COLUMN] [--descending]
Prints the runs recorded in DIR (npm run train -- … --runs DIR, or the desktop app's runs folder)
as a Markdown table, or as CSV. Columns: ${RUN_COLUMNS.map((c) => c.key).join(', ')}.`;

/** Where the table goes, and where problems are told. */
export interface RunsOutput {
  out(text: string): void;
  error(text: string): void;
}

const processOutput: RunsOutput = {
  out: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(`${text}\n`),
};

/** Prints the table of the runs in the folder the arguments name; resolves with the exit code. */
export async function runsCli(argv: string[], output: RunsOutput = processOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        csv: { type: 'boolean' },
        sort: { type: 'string' },
        descending: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    output.error(`error: ${messageOf(error).split('\n')[0]} (see --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(`${RUNS_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    output.error('error: give the one folder of runs, e.g. npm run runs -- runs');
    return 2;
  }
  const sort = values.sort ?? 'started';
  if (!RUN_COLUMNS.some((c) => c.key === sort)) {
    output.error(
      `error: --sort must be one of ${RUN_COLUMNS.map((c) => c.key).join(', ')}, got ${quote(sort)}`,
    );
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  const { runs, problems } = await new RunFolders(resolve(base, positionals[0])).list();
  for (const problem of problems) output.error(`skipped ${problem.source}: ${problem.message}`);
  const sorted = sortRuns(runs, sort, values.descending ? 'descending' : 'ascending');
  output.out(values.csv ? runsCsv(sorted) : runsMarkdown(sorted));
  return 0;
}
