import { loadDataset, type Dataset, type DatasetName, type ReadFile } from '../engine/datasets';
import { messageOf } from '../engine/errors';
import { metricsOf } from '../engine/train/evaluate';
import type { TrainerEvent } from '../engine/train/trainer';
import { CommandError } from './errors';
import { chooseKernels, type KernelHost } from './kernels';
import { ProgressMeter } from './progress';
import {
  parseCommand,
  type Command,
  type EventOf,
  type RunState,
  type WorkerEvent,
} from '../shared/protocol';
import {
  confusionReply,
  featureMapsReply,
  kernelsReply,
  misclassifiedReply,
  predictionReply,
  samplesReply,
  weightsReply,
  type Reply,
} from './queries';
import { createSession, loadedEvent, type Session } from './session';

/**
 * What a host gives the worker core: a way to talk to its host, to read dataset files, and what
 * the compute kernels may use (cores, and how to start their helper threads).
 */
export interface WorkerPort extends KernelHost {
  /** Sends an event; the listed buffers are transferred, not copied. */
  post(event: WorkerEvent, transfer: ArrayBuffer[]): void;
  /** Registers the one handler of every message from the host. */
  listen(handler: (data: unknown) => void): void;
  /** Reads a file of the datasets folder by its relative path, e.g. `mnist/t10k-labels-idx1-ubyte.gz`. */
  readFile: ReadFile;
}

/** Training works for about this long before letting queued messages in. */
const CHUNK_MS = 50;

/**
 * The training worker: owns one session (model, dataset, trainer), trains it in short chunks on
 * timers so commands are handled between steps, and answers every command. Knows nothing of the
 * host: Node worker_threads and browser Web Workers both run it through a WorkerPort.
 */
export function serveTraining(port: WorkerPort): void {
  const datasets = new Map<DatasetName, Promise<Dataset>>();
  // The kernels' module is compiled once (loadKernels keeps it); every network gets its own memory.
  const kernelsFor = (threads: number) => chooseKernels(threads, port);
  let session: Session | null = null;
  let state: RunState = 'empty';
  let meter: ProgressMeter | null = null;
  let startedAt = 0;
  let scheduled = false;
  // Commands run one after another, so a `start` sent right after a `load` waits for the dataset.
  let queue: Promise<void> = Promise.resolve();

  const post = (event: WorkerEvent, transfer: ArrayBuffer[] = []) => port.post(event, transfer);

  const dataset = (name: DatasetName): Promise<Dataset> => {
    let pending = datasets.get(name);
    if (!pending) {
      pending = loadDataset(name, port.readFile);
      // A failed load is not kept, so restoring the file and loading again works.
      pending.catch(() => datasets.delete(name));
      datasets.set(name, pending);
    }
    return pending;
  };

  const status = (id?: number): EventOf<'status'> => ({
    type: 'status',
    ...(id !== undefined ? { id } : {}),
    state,
    step: session?.trainer.step ?? 0,
    hyperparameters: session
      ? {
          baseLearningRate: session.trainer.baseLearningRate,
          learningRate: session.trainer.learningRate,
          augment: session.trainer.augment,
        }
      : null,
  });

  const requireSession = (command: string): Session => {
    if (!session) throw new CommandError(undefined, `${command}: no model is loaded`);
    return session;
  };

  const requireState = (command: string, allowed: RunState[]): Session => {
    const current = requireSession(command);
    if (!allowed.includes(state)) {
      throw new CommandError(
        undefined,
        `${command}: not possible while ${state}; only while ${allowed.join(' or ')}`,
      );
    }
    return current;
  };

  const active = () => state === 'running' || state === 'stopping';

  const schedule = () => {
    if (scheduled || !active()) return;
    scheduled = true;
    setTimeout(runChunk, 0);
  };

  const finish = (event: Omit<EventOf<'finished'>, 'type' | 'step' | 'epochs' | 'seconds'>) => {
    const current = session!;
    state = 'finished';
    const flushed = meter?.flush(performance.now());
    if (flushed) post(flushed);
    post(
      {
        type: 'finished',
        ...event,
        step: current.trainer.step,
        epochs: current.trainer.completedEpochs,
        seconds: (performance.now() - startedAt) / 1000,
      },
      event.confusion ? [event.confusion.buffer as ArrayBuffer] : [],
    );
    post(status());
  };

  const onTrainerEvent = (event: TrainerEvent) => {
    const current = session!;
    const now = performance.now();
    switch (event.type) {
      case 'step': {
        const progress = meter!.record(event, now);
        if (progress) post(progress);
        // The epoch's last step: report it before validation starts, so speed stays honest.
        if (current.trainer.phase !== 'train') {
          const flushed = meter!.flush(now);
          if (flushed) post(flushed);
        }
        return;
      }
      case 'evaluating':
        return;
      case 'epoch': {
        // The test set at this very step, for the epoch's confusion matrix (the last epoch's
        // comes with `finished`); kept, so queries about it need no second evaluation.
        const { test } = event;
        if (test) {
          current.test = { step: current.trainer.step, result: test };
          current.predictionsAt.set(current.trainer.step, test.predictions);
        }
        const confusion = test ? test.confusion.slice() : null;
        post(
          {
            type: 'epoch',
            epoch: event.epoch,
            epochs: current.trainer.epochs,
            step: current.trainer.step,
            train: event.train,
            validation: event.validation,
            test: test && metricsOf(test),
            confusion,
          },
          confusion ? [confusion.buffer as ArrayBuffer] : [],
        );
        meter!.restartClock(performance.now());
        return;
      }
      case 'finished': {
        current.test = { step: current.trainer.step, result: event.test };
        current.predictionsAt.set(current.trainer.step, event.test.predictions);
        finish({
          reason: event.reason,
          message: null,
          test: metricsOf(event.test),
          confusion: event.test.confusion.slice(),
        });
        return;
      }
      case 'diverged':
        current.test = null;
        finish({ reason: 'diverged', message: event.message, test: null, confusion: null });
        return;
    }
  };

  function runChunk(): void {
    scheduled = false;
    if (!session || !active()) return;
    const started = performance.now();
    try {
      do onTrainerEvent(session.trainer.advance());
      while (active() && performance.now() - started < CHUNK_MS);
    } catch (error) {
      post({ type: 'error', message: `training failed: ${messageOf(error)}` });
      finish({ reason: 'failed', message: messageOf(error), test: null, confusion: null });
    }
    schedule();
  }

  const reply = (id: number | undefined, { event, transfer }: Reply) =>
    post(id !== undefined ? { ...event, id } : event, transfer);

  async function handle(command: Command): Promise<void> {
    const { id } = command;
    switch (command.type) {
      case 'load': {
        // The old run ends here; a failed load leaves no model rather than a half-replaced one.
        session?.compute.release?.();
        session = null;
        state = 'empty';
        const loaded = await createSession(command.model, command.settings, dataset, kernelsFor);
        session = loaded;
        state = 'ready';
        reply(id, { event: loadedEvent(loaded), transfer: [] });
        return;
      }
      case 'start': {
        const current = requireState('start', ['ready']);
        state = 'running';
        meter = new ProgressMeter(current.trainer.totalSteps, current.trainer.epochs);
        startedAt = performance.now();
        meter.restartClock(startedAt);
        post(status(id));
        schedule();
        return;
      }
      case 'pause': {
        requireState('pause', ['running']);
        state = 'paused';
        const flushed = meter!.flush(performance.now());
        if (flushed) post(flushed);
        post(status(id));
        return;
      }
      case 'resume':
        requireState('resume', ['paused']);
        state = 'running';
        meter!.restartClock(performance.now());
        post(status(id));
        schedule();
        return;
      case 'stop':
        requireState('stop', ['running', 'paused']).trainer.stop();
        state = 'stopping';
        post(status(id));
        schedule();
        return;
      case 'setHyperparameters': {
        const { trainer } = requireState('setHyperparameters', ['ready', 'running', 'paused']);
        if (command.learningRate !== undefined) trainer.baseLearningRate = command.learningRate;
        if (command.augment !== undefined) trainer.augment = command.augment;
        post(status(id));
        return;
      }
      case 'getWeights':
        return reply(id, weightsReply(requireSession('getWeights')));
      case 'getKernels':
        return reply(id, kernelsReply(requireSession('getKernels'), command.layer, command.epoch));
      case 'getFeatureMaps':
        return reply(id, featureMapsReply(requireSession('getFeatureMaps'), command.source));
      case 'predict':
        return reply(id, predictionReply(requireSession('predict'), command.image));
      case 'getConfusion':
        return reply(id, confusionReply(requireSession('getConfusion')));
      case 'getMisclassified':
        return reply(
          id,
          misclassifiedReply(
            requireSession('getMisclassified'),
            command.trueClass,
            command.predictedClass,
            command.limit,
            command.step,
          ),
        );
      case 'getSamples':
        return reply(
          id,
          samplesReply(requireSession('getSamples'), command.split, command.indices),
        );
    }
  }

  port.listen((data) => {
    const parsed = parseCommand(data);
    if (!parsed.success) {
      post(parsed.error);
      return;
    }
    const command = parsed.value;
    queue = queue.then(() =>
      handle(command).catch((error: unknown) =>
        post({
          type: 'error',
          ...(command.id !== undefined ? { id: command.id } : {}),
          command: command.type,
          ...(error instanceof CommandError && error.field ? { field: error.field } : {}),
          message: messageOf(error),
        }),
      ),
    );
  });
}
