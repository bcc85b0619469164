// `npm run runs -- <DIR>`: the runs recorded in a folder, as one comparison table.

import { messageOf } from '../engine/errors';
import { runsCli } from './runs/run';

try {
  process.exitCode = await runsCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`error: ${messageOf(error)}\n`);
  process.exitCode = 1;
}
