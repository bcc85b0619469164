// The longest run the training settings allow. The epochs setting, a step schedule's period and
// the epoch a checkpoint is asked for are each bounded by it.

export const MAX_EPOCHS = 10_000;
