import { writeBatch, type Split } from '../engine/datasets';
import {
  evaluate,
  metricsOf,
  outputsProbabilities,
  type EvaluationResult,
} from '../engine/train/evaluate';
import { CommandError } from './errors';
import { resizeImage, singleImageSplit } from './images';
import type { EventOf, Image, ImageSource, ReplyEvent, SplitName } from '../shared/protocol';
import { trainedDocument, type Session } from './session';
import { quote } from '../engine/quote';

// The worker's answers to questions about a session. Each returns the event and the buffers to
// transfer with it; every array is a fresh copy, so transferring never detaches engine memory.

export interface Reply<E extends ReplyEvent = ReplyEvent> {
  event: E;
  transfer: ArrayBuffer[];
}

const EVALUATION_BATCH = 256;
const DEFAULT_MISCLASSIFIED_LIMIT = 100;

export function weightsReply(session: Session): Reply<EventOf<'weights'>> {
  return { event: { type: 'weights', document: trainedDocument(session) }, transfer: [] };
}

export function kernelsReply(
  session: Session,
  layer: string,
  epoch: number | undefined,
): Reply<EventOf<'kernels'>> {
  const node = session.spec.nodes.find((n) => n.id === layer);
  if (!node)
    throw new CommandError('layer', `getKernels: layer ${quote(layer)} is not in the model`);
  if (node.type !== 'conv2d') {
    throw new CommandError(
      'layer',
      `getKernels: layer ${quote(layer)} is a ${node.type} layer; only conv2d layers have kernels`,
    );
  }
  const { network, trainer } = session;
  const slot = network.slots.find((s) => s.nodeId === layer && s.name === 'weight')!;
  if (epoch !== undefined && !trainer.checkpoints.some((c) => c.epoch === epoch)) {
    throw new CommandError(
      'epoch',
      `getKernels: no checkpoint for epoch ${epoch}; epochs 0..${trainer.completedEpochs} are kept`,
    );
  }
  const view =
    epoch === undefined
      ? network.tensor(layer, 'weight')
      : trainer.tensorAt(epoch, layer, 'weight');
  const data = view.slice();
  return {
    event: {
      type: 'kernels',
      layer,
      epoch: epoch ?? null,
      shape: [...slot.shape],
      data,
      epochs: trainer.checkpoints.map((c) => c.epoch),
    },
    transfer: [data.buffer],
  };
}

export function featureMapsReply(
  session: Session,
  source: ImageSource,
): Reply<EventOf<'featureMaps'>> {
  const { network } = session;
  const { input, label } = inputFor(session, source);
  const probabilities = probabilitiesOf(session, network.forward(input, 1, false));
  const maps = network.summary.map((s) => ({
    layer: s.id,
    type: s.type,
    shape: [...s.outputShape!],
    data: network.activation(s.id, 1).slice(),
  }));
  return {
    event: { type: 'featureMaps', maps, probabilities, predicted: argmax(probabilities), label },
    transfer: [...maps.map((m) => m.data.buffer), probabilities.buffer],
  };
}

export function predictionReply(session: Session, image: Image): Reply<EventOf<'prediction'>> {
  const { input } = inputFor(session, { kind: 'image', image });
  const probabilities = probabilitiesOf(session, session.network.forward(input, 1, false));
  return {
    event: { type: 'prediction', probabilities, predicted: argmax(probabilities) },
    transfer: [probabilities.buffer],
  };
}

/** The test evaluation of the current weights, computed only when the weights have moved since. */
export function testEvaluation(session: Session): EvaluationResult {
  const step = session.trainer.step;
  if (session.test?.step !== step) {
    const { network, dataset, normalization } = session;
    const result = evaluate(network, dataset.test, normalization, EVALUATION_BATCH);
    session.test = { step, result };
  }
  return session.test.result;
}

export function confusionReply(session: Session): Reply<EventOf<'confusion'>> {
  const result = testEvaluation(session);
  const matrix = result.confusion.slice();
  return {
    event: {
      type: 'confusion',
      classes: [...session.dataset.classes],
      matrix,
      test: metricsOf(result),
      step: session.trainer.step,
    },
    transfer: [matrix.buffer],
  };
}

export function misclassifiedReply(
  session: Session,
  trueClass: number,
  predictedClass: number,
  limit = DEFAULT_MISCLASSIFIED_LIMIT,
  step?: number,
): Reply<EventOf<'misclassified'>> {
  const classes = session.dataset.classes.length;
  if (trueClass >= classes) {
    throw new CommandError('trueClass', `getMisclassified: trueClass must be below ${classes}`);
  }
  if (predictedClass >= classes) {
    throw new CommandError(
      'predictedClass',
      `getMisclassified: predictedClass must be below ${classes}`,
    );
  }
  const predictions =
    step === undefined ? testEvaluation(session).predictions : kept(session, step);
  const { test } = session.dataset;
  const matches: number[] = [];
  let total = 0;
  for (let i = 0; i < test.count; i++) {
    if (test.labels[i] !== trueClass || predictions[i] !== predictedClass) continue;
    if (matches.length < limit) matches.push(i);
    total++;
  }
  const indices = Uint32Array.from(matches);
  const images = gatherImages(session, test, indices);
  const { height, width } = session.dataset;
  return {
    event: {
      type: 'misclassified',
      trueClass,
      predictedClass,
      total,
      indices,
      images,
      height,
      width,
    },
    transfer: [indices.buffer, images.buffer],
  };
}

/** The test predictions kept for `step`: an epoch's end or the end of training. */
function kept(session: Session, step: number): Uint8Array {
  const predictions =
    session.predictionsAt.get(step) ??
    (session.test?.step === step ? session.test.result.predictions : undefined);
  if (!predictions) {
    throw new CommandError(
      'step',
      `getMisclassified: no test predictions are kept for step ${step}, only for epoch ends`,
    );
  }
  return predictions;
}

export function samplesReply(
  session: Session,
  split: SplitName,
  requested: number[],
): Reply<EventOf<'samples'>> {
  const source = session.dataset[split];
  requested.forEach((index, i) => {
    if (index >= source.count) {
      throw new CommandError(
        `indices.${i}`,
        `getSamples: indices[${i}] is ${index} but the ${split} split has ${source.count} images`,
      );
    }
  });
  const indices = Uint32Array.from(requested);
  const images = gatherImages(session, source, indices);
  const labels = Uint8Array.from(requested, (index) => source.labels[index]);
  const { height, width } = session.dataset;
  return {
    event: { type: 'samples', split, indices, images, labels, height, width },
    transfer: [indices.buffer, images.buffer, labels.buffer],
  };
}

function gatherImages(
  session: Session,
  split: Split,
  indices: Uint32Array,
): Uint8Array<ArrayBuffer> {
  const pixels = session.dataset.height * session.dataset.width;
  const images = new Uint8Array(indices.length * pixels);
  indices.forEach((index, i) =>
    images.set(split.images.subarray(index * pixels, (index + 1) * pixels), i * pixels),
  );
  return images;
}

/** One normalised network input [1, 1, H, W] and its true class when it is a dataset sample. */
function inputFor(
  session: Session,
  source: ImageSource,
): { input: Float32Array; label: number | null } {
  const { dataset, normalization, network } = session;
  const input = new Float32Array(network.inputSize);
  if (source.kind === 'image') {
    const pixels = resizeImage(source.image, dataset.height, dataset.width);
    writeBatch(singleImageSplit(pixels), normalization, [0], 0, 1, input);
    return { input, label: null };
  }
  const split = dataset[source.split];
  if (source.index >= split.count) {
    throw new CommandError(
      'source.index',
      `source.index is ${source.index} but the ${source.split} split has ${split.count} images`,
    );
  }
  writeBatch(split, normalization, [source.index], 0, 1, input);
  return { input, label: split.labels[source.index] };
}

/** The network's output as probabilities: as is after a softmax, else the softmax of the logits. */
function probabilitiesOf(session: Session, output: Float32Array): Float32Array<ArrayBuffer> {
  const out = output.slice();
  if (outputsProbabilities(session.spec)) return out;
  let max = -Infinity;
  for (const x of out) max = Math.max(max, x);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] = Math.exp(out[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
