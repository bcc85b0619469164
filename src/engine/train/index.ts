// The training loop and its parts: pure engine code, driven in chunks by the training worker.

export { shiftBatch, shiftImage } from './augment';
export {
  evaluate,
  Evaluation,
  outputsProbabilities,
  type EvaluationResult,
  type Metrics,
} from './evaluate';
export { TRAINING_DEFAULTS } from './defaults';
export { augmentRandom, epochOrder } from './order';
export {
  CONSTANT,
  learningRateAt,
  parseSchedule,
  scheduleSchema,
  type Schedule,
  type ScheduleInput,
  type SchedulePlan,
} from './schedule';
export {
  MAX_SHIFT,
  Trainer,
  type Checkpoint,
  type TrainerEvent,
  type TrainerOptions,
  type TrainerPhase,
} from './trainer';
