import {
  SCALE,
  standardization,
  type Dataset,
  type DatasetName,
  type Normalization,
} from '../engine/datasets';
import { messageOf } from '../engine/errors';
import {
  createNetwork,
  createOptimizer,
  ModelError,
  parseModel,
  type ModelDocument,
  type ModelSpec,
  type Network,
} from '../engine/index';
import type { Kernels } from '../engine/kernels';
import type { EvaluationResult } from '../engine/train/evaluate';
import { Trainer } from '../engine/train/trainer';
import { CommandError } from './errors';
import type { KernelChoice } from './kernels';
import type { SettingsChoice, TrainingSettingsValues } from '../engine/train/settings';
import type { EventOf, ResolvedSettings } from '../shared/protocol';
import { settingsForLoad } from './settings';

/** A loaded model with its dataset, ready to train and to answer questions about. */
export interface Session {
  readonly spec: ModelSpec;
  readonly network: Network;
  readonly trainer: Trainer;
  readonly dataset: Dataset;
  readonly normalization: Normalization;
  readonly settings: ResolvedSettings;
  readonly kernels: { name: string; note: string; threads: number };
  /** The network's compute kernels, whose helper threads end with the session. */
  readonly compute: Kernels;
  /** The latest test-set evaluation and the step whose weights it measured. */
  test: { step: number; result: EvaluationResult } | null;
  /** The test set's predicted classes at each epoch's end and at the end of training, by step. */
  readonly predictionsAt: Map<number, Uint8Array>;
}

export type DatasetSource = (name: DatasetName) => Promise<Dataset>;

/** Validates the document and settings, loads the dataset and builds network, optimizer and trainer. */
export async function createSession(
  model: unknown,
  overrides: TrainingSettingsValues | undefined,
  datasets: DatasetSource,
  kernelsFor: (threads: number) => Promise<KernelChoice>,
): Promise<Session> {
  const spec = failAs('model', () => parseModel(model));
  const settings = settingsForLoad(spec.training, overrides);
  let dataset: Dataset;
  try {
    dataset = await datasets(settings.dataset);
  } catch (error) {
    throw new CommandError('settings.dataset', messageOf(error));
  }
  const kernels = await kernelsFor(settings.threads);
  const compute = kernels.create();
  try {
    return build(spec, settings, dataset, compute, kernels);
  } catch (error) {
    compute.release?.();
    throw error;
  }
}

function build(
  spec: ModelSpec,
  settings: SettingsChoice,
  dataset: Dataset,
  compute: Kernels,
  kernels: KernelChoice,
): Session {
  const network = failAs('model', () =>
    createNetwork(spec, { seed: settings.seed, kernels: compute }),
  );
  const { type, ...optimizerSettings } = settings.optimizer;
  const optimizer = failAs('settings.optimizer', () =>
    createOptimizer(type, network.parameters.length, optimizerSettings, compute),
  );
  const normalization = resolveNormalization(settings.normalization, dataset);
  const trainer = failAs(
    'model',
    () =>
      new Trainer({
        network,
        optimizer,
        dataset,
        normalization,
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        seed: settings.seed,
        schedule: settings.schedule,
        augment: settings.augment,
        // The dashboard shows the confusion matrix after every epoch.
        testEachEpoch: true,
      }),
  );
  return {
    spec,
    network,
    trainer,
    dataset,
    normalization,
    settings: {
      ...settings,
      optimizer: { ...optimizer.options, type, learningRate: optimizer.learningRate },
    },
    kernels: { name: kernels.name, note: kernels.note, threads: kernels.threads },
    compute,
    test: null,
    predictionsAt: new Map(),
  };
}

function resolveNormalization(
  setting: SettingsChoice['normalization'],
  dataset: Dataset,
): Normalization {
  if (setting === 'scale') return SCALE;
  if (setting === 'standardize') return standardization(dataset.train);
  return setting;
}

/**
 * Runs `make`, turning the engine's errors into a CommandError about `field`; a ModelError about
 * the batch size (memory planned for training) is about the settings' batchSize.
 */
function failAs<T>(field: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ModelError) {
      const problem = error.problems[0];
      const at =
        problem?.field === 'batchSize'
          ? 'settings.batchSize'
          : problem?.field
            ? `${field}.${problem.field}`
            : field;
      throw new CommandError(at, error.problems.map((p) => p.message).join('; '));
    }
    if (error instanceof RangeError) throw new CommandError(field, error.message);
    throw error;
  }
}

export function loadedEvent(session: Session): EventOf<'loaded'> {
  const { spec, network, trainer, dataset, settings } = session;
  return {
    type: 'loaded',
    name: spec.name ?? null,
    summary: network.summary.map((s) => ({ ...s })),
    parameterCount: network.parameters.length,
    settings,
    normalization: { ...session.normalization },
    dataset: {
      name: dataset.name,
      classes: [...dataset.classes],
      height: dataset.height,
      width: dataset.width,
      train: dataset.train.count,
      validation: dataset.validation.count,
      test: dataset.test.count,
    },
    stepsPerEpoch: trainer.stepsPerEpoch,
    totalSteps: trainer.totalSteps,
    threads: session.kernels.threads,
    kernels: { name: session.kernels.name, note: session.kernels.note },
  };
}

/**
 * The model document with the current weights. Its `training` records what produced them, the
 * normalization above all, so the model is used with the same preprocessing wherever it goes.
 */
export function trainedDocument(session: Session): ModelDocument {
  const { network, trainer, settings } = session;
  const document = network.toJSON();
  const test = session.test?.step === trainer.step ? session.test.result : null;
  document.training = {
    ...document.training,
    ...settings,
    optimizer: { ...settings.optimizer, learningRate: trainer.baseLearningRate },
    augment: trainer.augment,
    normalization: { ...session.normalization },
    result: {
      epochs: trainer.completedEpochs,
      steps: trainer.step,
      testAccuracy: test ? test.accuracy : null,
    },
  };
  return document;
}
