// A model file named on the command line: `cnn-studio LeNet-5.cnn.json`, an OS file association,
// or a second launch forwarding its arguments to the running instance. Chromium and Electron add
// switches of their own (and a dev build sees `electron .`), so only a non-switch argument that
// names a JSON file counts; the last one wins, as a file manager appends the file last.

import { resolve } from 'node:path';

export function modelPathFromArgv(
  argv: readonly string[],
  workingDirectory: string,
): string | null {
  // argv[0] is the executable itself.
  const candidates = argv.slice(1).filter((arg) => !arg.startsWith('-') && /\.json$/i.test(arg));
  const last = candidates.at(-1);
  return last === undefined ? null : resolve(workingDirectory, last);
}
