// `npm run train -- <model.json> …`: trains a model document on a bundled dataset from a terminal.

import { messageOf } from '../engine/errors';
import './relaxedSimd';
import { runCli } from './train/run';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // Whatever went wrong is said in one line; a stack trace helps no one at a prompt.
  process.stderr.write(`error: ${messageOf(error)}\n`);
  process.exitCode = 1;
}
