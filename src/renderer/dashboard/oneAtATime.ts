// Requests that must not overlap: the worker answers one at a time, and only the newest answer
// matters, so calls made while one is in flight collapse into a single call after it.

/**
 * `run`, one call at a time. Calls made while one is in flight do not run then: when it ends,
 * `run` runs once more, with the last of their arguments (and they return at once).
 */
export function oneAtATime<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  let busy = false;
  let queued: A | null = null;
  const call = async (...args: A): Promise<void> => {
    if (busy) {
      queued = args;
      return;
    }
    busy = true;
    try {
      await run(...args);
    } finally {
      busy = false;
    }
    const next = queued;
    queued = null;
    if (next) await call(...next);
  };
  return call;
}
