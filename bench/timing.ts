// Median throughput of a repeated piece of work: a warm-up (V8 and WebAssembly tier up, caches
// fill), then timed repeats; the median of the repeats' rates is what the table reports.

export interface Rate {
  /** Units (samples, FLOPs) per second: the median of `rates`. */
  median: number;
  rates: number[];
}

export interface RateOptions {
  /** Seconds of warm-up; at least one call. */
  warmupSeconds?: number;
  /** Seconds per timed repeat; at least one call. */
  repeatSeconds?: number;
  repeats?: number;
}

export function rate(run: () => void, units: number, options: RateOptions = {}): Rate {
  const { warmupSeconds = 1, repeatSeconds = 0.5, repeats = 5 } = options;
  let calls = 0;
  const start = performance.now();
  do {
    run();
    calls++;
  } while (performance.now() - start < warmupSeconds * 1000);
  const perCall = (performance.now() - start) / 1000 / calls;
  const count = Math.max(1, Math.round(repeatSeconds / perCall));
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < count; i++) run();
    rates.push((units * count) / ((performance.now() - t) / 1000));
  }
  return { median: median(rates), rates };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
