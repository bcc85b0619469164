// Softmax cross-entropy over rows of F class scores, averaged over the batch, with its gradient.
// When the network ends in softmax this is also its negative log-likelihood: −log softmax(z)[label]
// computed from the scores z as logsumexp(z) − z[label], which stays finite where p underflows.

/** Returns the batch-mean loss and writes dLogits[N, F] = (softmax(z) − onehot) / N. */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  batch: number,
  classes: number,
  dLogits: Float32Array | null,
): number {
  let total = 0;
  for (let n = 0; n < batch; n++) {
    const row = n * classes;
    let max = -Infinity;
    for (let j = row; j < row + classes; j++) if (logits[j] > max) max = logits[j];
    let sum = 0;
    for (let j = row; j < row + classes; j++) sum += Math.exp(logits[j] - max);
    const logSum = max + Math.log(sum);
    const label = labels[n];
    total += logSum - logits[row + label];
    if (dLogits) {
      for (let j = row; j < row + classes; j++) dLogits[j] = Math.exp(logits[j] - logSum) / batch;
      dLogits[row + label] -= 1 / batch;
    }
  }
  return total / batch;
}

/** Index of the largest score in each row. */
export function argmaxRows(
  scores: Float32Array,
  batch: number,
  classes: number,
  out: Int32Array,
): void {
  for (let n = 0; n < batch; n++) {
    let best = 0;
    for (let j = 1; j < classes; j++)
      if (scores[n * classes + j] > scores[n * classes + best]) best = j;
    out[n] = best;
  }
}
