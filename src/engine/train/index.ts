// The training loop and its parts: pure engine code, driven in chunks by the training worker.

export { shiftBatch, shiftImage } from './augment';
export {
  evaluate,
  Evaluation,
  outputsProbabilities,
  type EvaluationResult,
  type Metrics,
} from './evaluate';
export {
  DEFAULT_DATASET,
  defaultsFor,
  optimizerDefaultsFor,
  type OptimizerChoice,
  type TrainingDefaults,
} from './defaults';
export { augmentRandom, epochOrder } from './order';
export {
  CONSTANT,
  learningRateAt,
  parseSchedule,
  SCHEDULE_TYPES,
  scheduleSchema,
  type Schedule,
  type ScheduleInput,
  type SchedulePlan,
  type ScheduleType,
} from './schedule';
export {
  completeSettingsSchema,
  resolveSettings,
  SettingsError,
  trainingSettingsEntries,
  trainingSettingsSchema,
  type SettingsChoice,
  type TrainingSettings,
  type TrainingSettingsValues,
} from './settings';
export {
  MAX_SHIFT,
  Trainer,
  type Checkpoint,
  type TrainerEvent,
  type TrainerOptions,
  type TrainerPhase,
} from './trainer';
