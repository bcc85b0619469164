// One training session as the page sees it: the worker's client, the run's state and history, the
// test results after each epoch, and the questions the views ask the worker (kernels, feature
// maps, predictions). The worker is started on first use and started afresh after a crash.

import type { ModelDocument } from '../../../engine';
import { messageOf } from '../../../engine/errors';
import type { RunSource } from '../../../shared/runs/keeper';
import { TrainingClient, type ClientEvent, type SpawnWorker } from '../../../worker/client';
import type {
  EventOf,
  Image,
  ImageSource,
  MetricsData,
  RunState,
  TrainingSettings,
} from '../../../shared/protocol';
import { MetricsHistory, type Timer } from '../metrics/metricsHistory.svelte';

/** What the session is doing: the worker's run state, plus loading and a dead worker. */
export type Phase = 'idle' | 'loading' | Exclude<RunState, 'empty'> | 'failed';

/** The test set's confusion matrix for the weights after an epoch, or at the end of the run. */
export interface ConfusionRecord {
  /** The epoch just ended (the run's last for the final record). */
  epoch: number;
  step: number;
  classes: string[];
  /** K×K counts, row = true class, column = predicted class. */
  matrix: Uint32Array;
  test: MetricsData;
  final: boolean;
}

export type Hyperparameters = NonNullable<EventOf<'status'>['hyperparameters']>;

/** How a run that left usable weights ended. */
export interface RunOutcome {
  reason: 'completed' | 'stopped' | 'crashed';
  /** Epochs whose training the weights include. */
  epochs: number;
  testAccuracy: number | null;
}

export interface SessionHooks {
  /** A run left weights worth keeping: the model document that holds them, and how it ended. */
  trained(document: ModelDocument, outcome: RunOutcome): void;
  /** A run is about to start: the model as sent, what the worker made of it, its client. */
  starting?(run: { document: ModelDocument; loaded: EventOf<'loaded'>; source: RunSource }): void;
}

/** The model and dataset a session loaded, to tell whether what the editor shows has changed. */
export interface LoadedFrom {
  document: ModelDocument;
  settings: TrainingSettings;
}

const ACTIVE: readonly Phase[] = ['running', 'paused', 'stopping'];

export class TrainingSession {
  phase: Phase = $state('idle');
  loaded: EventOf<'loaded'> | null = $state.raw(null);
  loadedFrom: LoadedFrom | null = $state.raw(null);
  hyperparameters: Hyperparameters | null = $state.raw(null);
  finished: EventOf<'finished'> | null = $state.raw(null);
  confusions: readonly ConfusionRecord[] = $state.raw([]);
  /** The last thing that went wrong, as a sentence; cleared by the next action. */
  error: string | null = $state(null);
  /** Counts runs: views reset what they show of the previous one when it changes. */
  run = $state(0);
  /** Counts loads (runs included): views drop what they fetched from the previous model. */
  generation = $state(0);
  readonly history: MetricsHistory;

  #client: TrainingClient | null = null;
  #unsubscribe: (() => void) | null = null;
  #activeMs = 0;
  #runningSince: number | null = null;
  #starting = false;
  /** A crashed worker is being replaced; a second crash meanwhile is not retried. */
  #recovering = false;

  constructor(
    private readonly spawn: SpawnWorker,
    private readonly hooks: SessionHooks,
    timer?: Timer,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.history = new MetricsHistory(timer);
  }

  get active(): boolean {
    return ACTIVE.includes(this.phase);
  }

  /** Seconds spent training in this run, pauses left out. */
  elapsedSeconds(): number {
    const running = this.#runningSince === null ? 0 : this.now() - this.#runningSince;
    return (this.#activeMs + running) / 1000;
  }

  /**
   * Loads a model and dataset without training, so its kernels, feature maps and predictions can
   * be looked at. Resolves false when it failed (the error says why) or a newer load replaced it.
   */
  async load(document: ModelDocument, settings: TrainingSettings): Promise<boolean> {
    if (this.active) return false;
    this.error = null;
    this.phase = 'loading';
    const generation = ++this.generation;
    this.loadedFrom = { document, settings };
    try {
      const loaded = await this.#worker().load(document, settings);
      if (generation !== this.generation) return false;
      this.loaded = loaded;
      this.phase = 'ready';
      return true;
    } catch (error) {
      if (generation !== this.generation) return false;
      this.loaded = null;
      this.loadedFrom = null;
      this.#fail(error);
      return false;
    }
  }

  /** Loads the model as it is now and trains it; the previous run's history is cleared. */
  async start(document: ModelDocument, settings: TrainingSettings): Promise<void> {
    if (this.active || this.#starting) return;
    this.#starting = true;
    this.clearRun();
    try {
      if (await this.load(document, settings)) {
        const client = this.#worker();
        this.hooks.starting?.({ document, loaded: this.loaded!, source: client });
        await this.#command((c) => c.start());
      }
    } finally {
      this.#starting = false;
    }
  }

  /** Forgets the last run's history and results: a new run, or another model to look at. */
  clearRun(): void {
    this.run++;
    this.history.clear();
    this.confusions = [];
    this.finished = null;
    this.#activeMs = 0;
    this.#runningSince = null;
  }

  pause(): Promise<void> {
    return this.#command((c) => c.pause());
  }

  resume(): Promise<void> {
    return this.#command((c) => c.resume());
  }

  stop(): Promise<void> {
    return this.#command((c) => c.stop());
  }

  /** Changes the base learning rate from the next step on (the schedule scales it). */
  setLearningRate(learningRate: number): Promise<void> {
    return this.#command((c) => c.setHyperparameters({ learningRate }));
  }

  setAugment(augment: boolean): Promise<void> {
    return this.#command((c) => c.setHyperparameters({ augment }));
  }

  // The views' questions. They reject while nothing is loaded; the views show that state instead.

  kernels(layer: string, epoch?: number): Promise<EventOf<'kernels'>> {
    return this.#worker().kernels(layer, epoch);
  }

  featureMaps(source: ImageSource): Promise<EventOf<'featureMaps'>> {
    return this.#worker().featureMaps(source);
  }

  predict(image: Image): Promise<EventOf<'prediction'>> {
    return this.#worker().predict(image);
  }

  /** A confusion cell's test images, as predicted when its matrix was made (`step`). */
  misclassified(trueClass: number, predictedClass: number, limit: number, step: number) {
    return this.#worker().misclassified(trueClass, predictedClass, limit, step);
  }

  /** The model document with the weights as they are now. */
  weights(): Promise<ModelDocument> {
    return this.#worker().weights();
  }

  async dispose(): Promise<void> {
    this.#unsubscribe?.();
    const client = this.#client;
    this.#client = null;
    await client?.dispose();
  }

  #worker(): TrainingClient {
    if (!this.#client) {
      const client = new TrainingClient(this.spawn);
      this.#unsubscribe = client.subscribe((event) => this.#receive(event));
      this.#client = client;
    }
    return this.#client;
  }

  async #command(send: (client: TrainingClient) => Promise<EventOf<'status'>>): Promise<void> {
    this.error = null;
    try {
      this.#status(await send(this.#worker()));
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    // A crash has said so already, with what to do about it.
    if (this.phase === 'failed') return;
    this.error = messageOf(error);
    if (this.phase === 'loading') this.phase = 'idle';
  }

  #status(event: EventOf<'status'>): void {
    const phase: Phase = event.state === 'empty' ? 'idle' : event.state;
    const now = this.now();
    if (phase === 'running' && this.#runningSince === null) this.#runningSince = now;
    if (phase !== 'running' && this.#runningSince !== null) {
      this.#activeMs += now - this.#runningSince;
      this.#runningSince = null;
    }
    // A load in flight owns the phase until its `loaded` arrives.
    if (this.phase !== 'loading') this.phase = phase;
    this.hyperparameters = event.hyperparameters;
  }

  #receive(event: ClientEvent): void {
    switch (event.type) {
      case 'status':
        this.#status(event);
        return;
      case 'progress':
        this.history.addProgress(event);
        return;
      case 'epoch':
        this.history.addEpoch(event);
        this.#recordConfusion(event);
        return;
      case 'finished':
        this.#finished(event);
        return;
      case 'crashed':
        this.#crashed(event.message);
        return;
      case 'error':
        // Replies' errors reach their requests; one without an id is the run's own failure.
        if (event.id === undefined) this.error = event.message;
        return;
    }
  }

  /** The test set's confusion matrix at an epoch's end (the last epoch's comes with `finished`). */
  #recordConfusion(event: EventOf<'epoch'>): void {
    if (!event.confusion || !event.test || !this.loaded) return;
    const record: ConfusionRecord = {
      epoch: event.epoch,
      step: event.step,
      classes: this.loaded.dataset.classes,
      matrix: event.confusion,
      test: event.test,
      final: false,
    };
    this.confusions = [...this.confusions.filter((c) => c.epoch !== event.epoch), record];
  }

  #finished(event: EventOf<'finished'>): void {
    this.finished = event;
    this.history.finish(event.test);
    this.history.flush();
    if (event.reason === 'failed' || event.reason === 'diverged') {
      this.error = event.message;
      return;
    }
    if (event.confusion && event.test && this.loaded) {
      const record: ConfusionRecord = {
        epoch: event.epochs,
        step: event.step,
        classes: this.loaded.dataset.classes,
        matrix: event.confusion,
        test: event.test,
        final: true,
      };
      this.confusions = [...this.confusions.filter((c) => c.epoch !== event.epochs), record];
    }
    const run = this.run;
    const outcome: RunOutcome = {
      reason: event.reason,
      epochs: event.epochs,
      testAccuracy: event.test?.accuracy ?? null,
    };
    this.#worker()
      .weights()
      .then((document) => {
        if (run !== this.run) return;
        // What the session holds is now what the editor will hold: no need to load it again.
        this.loadedFrom = this.loadedFrom && { ...this.loadedFrom, document };
        this.hooks.trained(document, outcome);
      })
      .catch((error: unknown) => this.#fail(error));
  }

  #crashed(message: string): void {
    // The client kept the weights of the last epoch end; they are worth keeping in the model.
    const last = this.#client?.lastDocument ?? null;
    const from = this.loadedFrom;
    this.history.flush();
    const epochs = this.history.epochs.length;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#client = null;
    if (this.#runningSince !== null) this.#activeMs += this.now() - this.#runningSince;
    this.#runningSince = null;
    this.phase = 'failed';
    this.loaded = null;
    this.loadedFrom = null;
    this.error = `${message}. Press Start to train again in a fresh worker.`;
    const kept = last !== null && epochs > 0;
    if (kept) this.hooks.trained(last, { reason: 'crashed', epochs, testAccuracy: null });
    if (from && !this.#recovering)
      void this.#recover(kept ? last : from.document, from.settings, message);
  }

  /**
   * A fresh worker with the model as it was (its last epoch's weights, if any), so the views work
   * again at once; the run's charts stay. Not retried if that load crashes too.
   */
  async #recover(document: ModelDocument, settings: TrainingSettings, message: string) {
    this.#recovering = true;
    try {
      const loading = this.load(document, settings);
      this.error = `${message}. Restarting the worker with the model…`;
      if (await loading) {
        this.error = `${message}. A fresh worker has the model again: press Start to train.`;
      }
    } finally {
      this.#recovering = false;
    }
  }
}
