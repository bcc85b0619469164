import * as v from 'valibot';
import { realNumber, wholeNumber } from '../layers/params';
import { MAX_EPOCHS } from './limits';

// Learning-rate schedules as pure functions of the step, so a paused, resumed or restarted run
// gets exactly the same rates, and a base rate changed mid-run simply rescales what follows.

export const SCHEDULE_TYPES = ['constant', 'step', 'cosine'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

const warmupSteps = v.optional(wholeNumber(0, 1_000_000), 0);

export const scheduleSchema = v.variant(
  'type',
  [
    /** The base rate throughout. */
    v.strictObject({ type: v.literal('constant'), warmupSteps }),
    /** The base rate times `gamma` once every `everyEpochs` epochs (torch's StepLR, per epoch). */
    v.strictObject({
      type: v.literal('step'),
      everyEpochs: v.optional(wholeNumber(1, MAX_EPOCHS), 1),
      gamma: v.optional(
        realNumber('must be above 0 and at most 1', (x) => x > 0 && x <= 1),
        0.1,
      ),
      warmupSteps,
    }),
    /** Half a cosine from the base rate down to `minFactor` × base over the steps after warm-up. */
    v.strictObject({
      type: v.literal('cosine'),
      minFactor: v.optional(
        realNumber('must be from 0 to 1', (x) => x >= 0 && x <= 1),
        0,
      ),
      warmupSteps,
    }),
  ],
  `must be one of ${SCHEDULE_TYPES.join(', ')}`,
);

/** A schedule as written (defaults may be left out). */
export type ScheduleInput = v.InferInput<typeof scheduleSchema>;
/** A schedule with every default filled in. */
export type Schedule = v.InferOutput<typeof scheduleSchema>;

export const CONSTANT: Schedule = { type: 'constant', warmupSteps: 0 };

/** Validates a schedule; the RangeError names the setting that is wrong. */
export function parseSchedule(input: unknown): Schedule {
  const result = v.safeParse(scheduleSchema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = issue.path?.map((p) => String((p as { key: unknown }).key)).join('.') || 'schedule';
  throw new RangeError(`schedule ${key}: ${issue.message}`);
}

export interface SchedulePlan {
  stepsPerEpoch: number;
  totalSteps: number;
}

/**
 * The rate for step `step` (0-based). Warm-up multiplies by (step + 1)/warmupSteps for the first
 * warmupSteps steps, so the very first step already moves; the cosine starts after the warm-up.
 */
export function learningRateAt(
  schedule: Schedule,
  base: number,
  step: number,
  plan: SchedulePlan,
): number {
  const warm = schedule.warmupSteps;
  const warmFactor = step < warm ? (step + 1) / warm : 1;
  switch (schedule.type) {
    case 'constant':
      return base * warmFactor;
    case 'step': {
      const epoch = Math.floor(step / plan.stepsPerEpoch);
      return base * warmFactor * schedule.gamma ** Math.floor(epoch / schedule.everyEpochs);
    }
    case 'cosine': {
      const span = Math.max(1, plan.totalSteps - warm);
      const t = Math.min(Math.max(0, step - warm), span);
      const m = schedule.minFactor;
      return base * warmFactor * (m + ((1 - m) * (1 + Math.cos((Math.PI * t) / span))) / 2);
    }
  }
}
