// A crashed page or worker is restarted, but not forever: one that keeps crashing right after
// each restart is a bug to report, not something a restart loop can fix.

export class CrashLoopGuard {
  private readonly crashes: number[] = [];

  /** At most `limit` restarts within any `windowMs`. */
  constructor(
    private readonly limit = 3,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a crash at `now` (ms); true while restarting is still reasonable. */
  shouldRestart(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.limit;
  }
}
