import { DIVERGENCE_LIMITS, type DivergenceLimit, type DivergenceLimits } from './defaults';

// Watches a run's step losses for divergence: a loss that is not finite, one that explodes far
// above where it started, or one that climbs above it and stays there. Only the loss is looked
// at, so the same rules hold for every model, optimizer and schedule.

/** What the watch makes of one step's loss. */
export type LossVerdict =
  /** Healthy; `atOrBelowStart` says whether the loss is no higher than at the start. */
  | { diverged: false; atOrBelowStart: boolean }
  /** Diverged: `how` as the words after "the loss", and `why` that counts, if more is to say. */
  | { diverged: true; how: string; why: string | null };

export class LossWatch {
  /** ln(classes), the loss of a uniform guess: the start is never taken to be lower. */
  private readonly floor: number;
  /** The loss the limits are multiples of; set by the first step. */
  private start = NaN;
  /** The latest losses, a ring as long as the longer rule's window, and the steps seen. */
  private readonly recent: Float64Array;
  private steps = 0;

  /** `classes`: the model's output classes, whose uniform guess bounds the start from below. */
  constructor(
    classes: number,
    private readonly limits: DivergenceLimits = DIVERGENCE_LIMITS,
  ) {
    this.floor = Math.log(classes);
    this.recent = new Float64Array(Math.max(limits.explosion.steps, limits.climb.steps));
  }

  /** Takes the next step's loss. */
  observe(loss: number): LossVerdict {
    if (!Number.isFinite(loss)) return { diverged: true, how: `became ${loss}`, why: null };
    if (this.steps === 0) this.start = Math.max(loss, this.floor);
    this.recent[this.steps % this.recent.length] = loss;
    this.steps++;
    const { explosion, climb } = this.limits;
    const exploded = this.breaks(explosion, Math.min(this.steps, explosion.steps));
    if (exploded) return { diverged: true, how: 'exploded', why: exploded };
    const climbed = this.steps >= climb.steps ? this.breaks(climb, climb.steps) : null;
    if (climbed) return { diverged: true, how: 'climbed', why: climbed };
    return { diverged: false, atOrBelowStart: loss <= this.start };
  }

  /** Why the mean of the last `steps` losses breaks `limit`, or null if it does not. */
  private breaks(limit: DivergenceLimit, steps: number): string | null {
    const { recent } = this;
    let sum = 0;
    for (let i = 1; i <= steps; i++) sum += recent[(this.steps - i) % recent.length];
    const mean = sum / steps;
    if (!(mean > limit.factor * this.start)) return null;
    return `its mean over the last ${steps} steps, ${format(mean)}, is more than ${limit.factor} times the ${format(this.start)} it started at`;
  }
}

function format(loss: number): string {
  return loss.toPrecision(4);
}
