import { spawnSync } from 'node:child_process';

/** The first of $PYTHON, python3 and Debian's /usr/bin/python3 that can import torch, or null. */
export function torchPython(): string | null {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string =>
    Boolean(c),
  );
  return (
    candidates.find(
      (c) => spawnSync(c, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
    ) ?? null
  );
}

/**
 * Runs Python; throws with its output when it fails, so the test shows why. The limit is generous:
 * one run predicts every template, on a machine other test files keep busy.
 */
export function runPython(python: string, args: string[], cwd: string): string {
  const result = spawnSync(python, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(
      `${python} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}
