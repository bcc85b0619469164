// The epoch the scrubber shows: the kernels, the metrics and the confusion matrix follow it.

export class EpochScrub {
  /** The end of a finished epoch (0: the weights before training); null: live. */
  epoch: number | null = $state(null);
}
