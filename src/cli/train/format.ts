import type { EventOf, ResolvedSettings } from '../../shared/protocol';

// How a training run reads on a terminal: a redrawn progress bar on a TTY, plain lines otherwise.

const BAR_WIDTH = 24;

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

export function progressLine(event: EventOf<'progress'>, bar: boolean): string {
  const done = event.step / event.totalSteps;
  const filled = Math.round(done * BAR_WIDTH);
  const parts = [
    `epoch ${event.epoch}/${event.epochs}`,
    bar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]` : null,
    `step ${event.step}/${event.totalSteps}`,
    `loss ${event.loss.toFixed(4)}`,
    `acc ${percent(event.accuracy)}`,
    `${Math.round(event.samplesPerSecond)} img/s`,
    `ETA ${clock(event.etaSeconds)}`,
  ];
  return parts.filter((p) => p !== null).join('  ');
}

export function epochLine(event: EventOf<'epoch'>): string {
  const train = `train loss ${event.train.loss.toFixed(4)} acc ${percent(event.train.accuracy)}`;
  const validation = event.validation
    ? `  validation loss ${event.validation.loss.toFixed(4)} acc ${percent(event.validation.accuracy)}`
    : '';
  return `epoch ${event.epoch}/${event.epochs}: ${train}${validation}`;
}

/** What is about to run, in one line. */
export function headerLine(loaded: EventOf<'loaded'>): string {
  const { dataset, settings } = loaded;
  const s: ResolvedSettings = settings;
  const name = loaded.name ? `${loaded.name}: ` : '';
  const epochs = `${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;
  const schedule =
    s.schedule.type === 'constant' && s.schedule.warmupSteps === 0
      ? ''
      : ` ${s.schedule.type}${s.schedule.warmupSteps > 0 ? ` (warm-up ${s.schedule.warmupSteps})` : ''}`;
  return (
    `${name}${loaded.parameterCount.toLocaleString('en')} parameters; ${dataset.name} ` +
    `${dataset.train}/${dataset.validation}/${dataset.test} images; ${epochs} × ${loaded.stepsPerEpoch} ` +
    `steps of ${s.batchSize}; ${s.optimizer.type} lr ${s.optimizer.learningRate}${schedule}` +
    `${s.augment ? '; shifts ±2 px' : ''}; seed ${s.seed}; ${loaded.threads} thread${loaded.threads === 1 ? '' : 's'}, ${loaded.kernels.name} kernels`
  );
}

/** The run's last line, e.g. `test accuracy: 98.91% (9891/10000) in 9.6 s`. */
export function resultLine(finished: EventOf<'finished'>): string {
  const test = finished.test!;
  return `test accuracy: ${percent(test.accuracy)} (${test.correct}/${test.count}) in ${finished.seconds.toFixed(1)} s`;
}
