import type { Split } from '../datasets/dataset';
import { writeBatch, type Normalization } from '../datasets/normalize';
import { argmaxRows, softmaxCrossEntropy } from '../loss';
import type { ModelSpec } from '../model/types';
import type { Network } from '../network';

export interface Metrics {
  /** Mean loss per image. */
  loss: number;
  /** correct / count, 0 for an empty split. */
  accuracy: number;
  correct: number;
  count: number;
}

export interface EvaluationResult extends Metrics {
  /** K×K counts, row = true class, column = predicted: confusion[t·K + p]. */
  confusion: Uint32Array;
  /** The predicted class of every image, in split order. */
  predictions: Uint8Array;
}

/** Just the metrics of a result (what crosses to the UI without its per-image arrays). */
export function metricsOf({ loss, accuracy, correct, count }: Metrics): Metrics {
  return { loss, accuracy, correct, count };
}

/** Smallest probability the loss takes the log of, so a zero from an underflowed softmax stays finite. */
const TINY = 1e-45;

/** True when the network ends in softmax, i.e. its outputs are probabilities rather than logits. */
export function outputsProbabilities(spec: ModelSpec): boolean {
  const outputId = spec.order[spec.order.length - 1];
  const output = spec.nodes.find((n) => n.id === outputId)!;
  return output.type === 'softmax' || output.config.activation === 'softmax';
}

/**
 * Inference over a whole split, one batch per `next()` so a caller can interleave other work.
 * Reads the network's current weights at each batch.
 */
export class Evaluation {
  private position = 0;
  private lossSum = 0;
  private correct = 0;
  private readonly classes: number;
  private readonly probabilities: boolean;
  private readonly input: Float32Array; // [batch, C, H, W]
  private readonly labels: Int32Array; // [batch]
  private readonly predicted: Int32Array; // [batch]
  private readonly identity: Uint32Array; // [count], the split in its own order
  private readonly confusion: Uint32Array; // [K, K]
  private readonly predictions: Uint8Array; // [count]

  constructor(
    private readonly network: Network,
    private readonly split: Split,
    private readonly normalization: Normalization,
    private readonly batchSize: number,
  ) {
    this.classes = network.outputSize;
    this.probabilities = outputsProbabilities(network.spec);
    this.input = new Float32Array(batchSize * network.inputSize);
    this.labels = new Int32Array(batchSize);
    this.predicted = new Int32Array(batchSize);
    this.identity = new Uint32Array(split.count);
    for (let i = 0; i < split.count; i++) this.identity[i] = i;
    this.confusion = new Uint32Array(this.classes * this.classes);
    this.predictions = new Uint8Array(split.count);
  }

  get done(): boolean {
    return this.position >= this.split.count;
  }

  get evaluated(): number {
    return this.position;
  }

  get total(): number {
    return this.split.count;
  }

  /** Evaluates the next batch. */
  next(): void {
    const start = this.position;
    const count = Math.min(this.batchSize, this.split.count - start);
    if (count <= 0) return;
    const K = this.classes;
    writeBatch(this.split, this.normalization, this.identity, start, count, this.input);
    for (let i = 0; i < count; i++) this.labels[i] = this.split.labels[start + i];
    const input =
      count === this.batchSize
        ? this.input
        : this.input.subarray(0, count * this.network.inputSize);
    const scores = this.network.forward(input, count, false); // [count, K]
    this.lossSum += this.probabilities
      ? negativeLogLikelihood(scores, this.labels, count, K)
      : softmaxCrossEntropy(scores, this.labels, count, K, null) * count;
    argmaxRows(scores, count, K, this.predicted);
    for (let i = 0; i < count; i++) {
      const truth = this.labels[i];
      const guess = this.predicted[i];
      if (truth === guess) this.correct++;
      this.confusion[truth * K + guess]++;
      this.predictions[start + i] = guess;
    }
    this.position += count;
  }

  /** Loss and accuracy over the images evaluated so far. */
  metrics(): Metrics {
    const count = this.position;
    return {
      loss: count > 0 ? this.lossSum / count : 0,
      accuracy: count > 0 ? this.correct / count : 0,
      correct: this.correct,
      count,
    };
  }

  /** The metrics with copies of the confusion matrix and the predictions. */
  result(): EvaluationResult {
    const count = this.position;
    return {
      ...this.metrics(),
      confusion: this.confusion.slice(),
      predictions: this.predictions.slice(0, count),
    };
  }
}

/** Σ −log p[label] over the rows of probabilities p[N, K]. */
function negativeLogLikelihood(
  p: Float32Array,
  labels: Int32Array,
  batch: number,
  classes: number,
): number {
  let total = 0;
  for (let n = 0; n < batch; n++) total -= Math.log(Math.max(p[n * classes + labels[n]], TINY));
  return total;
}

/** Evaluates the whole split at once. */
export function evaluate(
  network: Network,
  split: Split,
  normalization: Normalization,
  batchSize: number,
): EvaluationResult {
  const evaluation = new Evaluation(network, split, normalization, batchSize);
  while (!evaluation.done) evaluation.next();
  return evaluation.result();
}
