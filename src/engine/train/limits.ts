// The bounds of the training settings, read by the settings schema and by the model document's
// schema (a document's `training` section holds no more than can be trained).

/** The longest run: the epochs setting, a step schedule's period and the epoch a checkpoint is asked for. */
export const MAX_EPOCHS = 10_000;
/** The most images in one training batch. */
export const MAX_BATCH_SIZE = 4096;
/** Seeds are 32-bit. */
export const MAX_SEED = 0xffffffff;
