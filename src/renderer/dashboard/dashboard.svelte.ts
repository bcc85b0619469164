// Train mode: the training session and the views of it, wired to the editor's model. The Start
// button, the commands (src/renderer/commands) and the views all act through this one object;
// components stay thin.

import { inspectModel, type ModelDocument } from '../../engine';
import { messageOf } from '../../engine/errors';
import type { ExportRequest, StudioBackend } from '../../shared/backend';
import { bridgeWorkerSpawner } from '../../worker/bridge';
import type { SpawnWorker } from '../../worker/client';
import type { TrainingSettings } from '../../shared/protocol';
import { readModel, readModelText, writeModelText } from '../document/open';
import type { Editor, ImportOffer } from '../editor/editor.svelte';
import { ModelExporter } from '../export/exporter.svelte';
import { baseName, type ExportFormat } from '../export/formats';
import { ConfusionView } from './confusion/confusion.svelte';
import { DATASETS, type DatasetFacts } from './datasets';
import { DrawingPad } from './draw/pad.svelte';
import { ImageInspector } from './features/inspector.svelte';
import { KernelStore } from './kernels/kernels.svelte';
import { formatPercent } from './numbers';
import { EpochScrub } from './scrub.svelte';
import { TrainingSession, type RunOutcome } from './session/session.svelte';
import { fitModel, readiness, type Readiness } from './train/readiness';
import { TrainForm } from './train/settings.svelte';
import { modelKey, normalizationKind, withoutWeights, withTrainedWeights } from './trained';
import { RunLibrary } from '../runs/library.svelte';
import type { RunRecord } from '../../shared/runs/record';
import { weightsRun } from '../../shared/runs/recorder';
import { replacedBetter, weightsOrigin } from './weightsOrigin';
import { RunQueue, type QueuedModel } from '../runs/queue.svelte';
import { templates } from '../templates/templates';

export type Mode = 'design' | 'train' | 'runs';

/** Hands files a panel made (images, CSV) to the host to write, and says how that went. */
export type ExportFiles = (suggestedName: string, files: ExportRequest['files']) => Promise<void>;

/** Readiness of the model and dataset alone, whatever the form says. */
const SETTINGS_ASIDE = { ok: true, issues: {}, settings: {} } as const;

/** `["c1", "f1"]` → the sentence that says those layers lost their trained weights. */
export function weightsDropped(layers: string[]): string {
  const names = layers.map((l) => `"${l}"`);
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const whose = layers.length === 1 ? 'its' : 'their';
  return `${list} lost ${whose} trained weights: ${whose} shapes changed. Training learns them afresh; Undo brings them back.`;
}

export class Dashboard {
  mode: Mode = $state('design');
  readonly form: TrainForm;
  readonly session: TrainingSession;
  readonly kernels: KernelStore;
  readonly inspector: ImageInspector;
  readonly pad: DrawingPad;
  readonly confusion: ConfusionView;
  readonly exporter: ModelExporter;
  /** Every run kept, and the one training now. */
  readonly runs: RunLibrary;
  /** Models to train one after another with the same settings. */
  readonly queue: RunQueue;
  /** Runs the queue started: their weights stay in their runs, not in the editor's model. */
  // Looked up when a run ends, never watched.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #queuedRuns = new Set<string>();
  readonly scrub = new EpochScrub();
  /** Train from the weights the model has (trained before, or opened with them), or afresh. */
  keepWeights = $state(true);
  /** A model with trained weights left by a desktop session that did not close cleanly. */
  recovered: ModelDocument | null = $state.raw(null);
  readonly readiness: Readiness;
  /** The model and dataset alone (settings aside): whether the worker can load the model to show it. */
  readonly modelReadiness: Readiness;
  /** Whether the worker should load the editor's model before showing it (it changed). */
  readonly stale: boolean;
  #importedTraining: unknown;

  constructor(
    private readonly backend: StudioBackend,
    private readonly editor: Editor,
    spawn: SpawnWorker = bridgeWorkerSpawner(backend),
  ) {
    const model = editor.model;
    this.form = new TrainForm(model.document.training, (text) => editor.notices.show(text));
    this.#importedTraining = model.document.training;
    this.runs = new RunLibrary(backend, (text, tone) => editor.notices.show(text, tone));
    this.session = new TrainingSession(spawn, {
      trained: (document, outcome) => this.#trained(document, outcome),
      starting: (run) => this.runs.begin(run),
    });
    this.queue = new RunQueue({
      train: (queued, settings) => this.#trainQueued(queued, settings),
      pause: async () => {
        if (this.session.phase === 'running') await this.session.pause();
      },
      resume: async () => {
        if (this.session.phase === 'paused') await this.session.resume();
      },
      stop: async () => {
        if (this.session.active) await this.session.stop();
      },
    });
    this.kernels = new KernelStore(this.session);
    this.inspector = new ImageInspector(this.session);
    this.pad = new DrawingPad(this.session, (image) => this.inspector.setDrawing(image));
    this.confusion = new ConfusionView(this.session);
    this.exporter = new ModelExporter(backend, (text, tone) => editor.notices.show(text, tone));
    model.onWeightsDropped = (layers) => editor.notices.show(weightsDropped(layers), 'problem');
    editor.importOffer = () => this.#importOffer();
    void this.#askRecovered();
    this.readiness = $derived(readiness(model.inspection, this.dataset, this.form.checked));
    this.modelReadiness = $derived(readiness(model.inspection, this.dataset, SETTINGS_ASIDE));
    this.stale = $derived.by(() => {
      const from = this.session.loadedFrom;
      return (
        !from ||
        from.settings.dataset !== this.form.values.dataset ||
        modelKey(this.#trainingDocument(from.document)) !==
          modelKey(this.#trainingDocument(model.document))
      );
    });
  }

  /** Whether the recovered weights belong to the model in the editor (same layers and wiring). */
  get recoveredFits(): boolean {
    const { recovered } = this;
    return (
      recovered !== null &&
      modelKey(withoutWeights(recovered)) === modelKey(withoutWeights(this.editor.model.document))
    );
  }

  /** Puts the recovered weights into the model, or opens the recovered model when it is another. */
  restoreRecovered(): void {
    const { recovered } = this;
    if (!recovered) return;
    this.recovered = null;
    if (this.recoveredFits) {
      this.editor.model.edit((current) => withTrainedWeights(current, recovered));
      this.editor.notices.show('The recovered weights are in the model now. Save keeps them.');
      return;
    }
    this.editor.openFile({
      name: `${baseName(recovered.name)} (trained).cnn.json`,
      path: null,
      text: writeModelText(recovered),
    });
    this.show('design');
  }

  /** What the views say while they have no model to show. */
  get waiting(): string {
    const { phase } = this.session;
    if (phase === 'loading') return `Loading the model and ${this.dataset.title}…`;
    if (phase === 'failed') return 'The training worker stopped: press Start to begin again.';
    if (!this.modelReadiness.ok)
      return `Shown once the model can train on ${this.dataset.title}: the Train panel says what is missing.`;
    return 'Loading…';
  }

  get dataset(): DatasetFacts {
    return DATASETS[this.form.values.dataset];
  }

  /** The model has weights to continue from. */
  get hasWeights(): boolean {
    return Object.keys(this.editor.model.document.weights ?? {}).length > 0;
  }

  show(mode: Mode): void {
    this.mode = mode;
    if (mode === 'design') return;
    // Keys such as Delete must not act on a selection that is out of sight.
    this.editor.selection.clear();
    if (mode !== 'train') return;
    // A different document since the form last looked: its own training settings apply.
    const training = this.editor.model.document.training;
    if (training !== this.#importedTraining && !this.session.active) {
      this.#importedTraining = training;
      if (training) this.form.load(training);
    }
  }

  /**
   * Opens a run's model, with the weights it trained, in the editor; resolves false (having said
   * why) when it could not. A model that holds the run's weights already is shown as it is.
   */
  async openRun(run: Pick<RunRecord, 'id' | 'name'>): Promise<boolean> {
    if (weightsRun(this.editor.model.document) !== run.id) {
      const text = await this.runs.modelText(run.id);
      if (text === null) return false;
      const opened = readModelText(text);
      if (!opened.ok) {
        this.editor.notices.show(
          `The model of run ${run.name} could not be opened.`,
          'problem',
          opened.problems,
        );
        return false;
      }
      this.editor.openFile({ name: `${run.name}.cnn.json`, path: null, text });
    }
    this.show('design');
    return true;
  }

  /**
   * Trains a run's model on from its final weights with its settings: a new run, which names the
   * one it continued from (its record's `continuedFrom`).
   */
  async continueRun(run: Pick<RunRecord, 'id' | 'name'>): Promise<void> {
    if (this.session.active || this.session.phase === 'loading') {
      this.editor.notices.show('A run is training: stop it first to continue another.', 'problem');
      return;
    }
    if (!(await this.openRun(run))) return;
    const training = this.editor.model.document.training;
    this.form.load(training);
    this.#importedTraining = training;
    this.keepWeights = true;
    await this.start();
  }

  /** The model in the editor, as the queue takes it: as it is now, under its name. */
  queueOpenModel(): void {
    const document = this.editor.model.document;
    this.queue.add([{ title: document.name?.trim() || 'Untitled model', document }]);
  }

  /** Every template (the blank one aside), each to be fitted to the dataset when it trains. */
  queueTemplates(): void {
    const queued: QueuedModel[] = [];
    for (const template of templates) {
      if (template.id === 'blank') continue;
      const opened = readModel(template.json);
      if (opened.ok) queued.push({ title: template.title, document: opened.document });
    }
    this.queue.add(queued);
  }

  /**
   * Trains the queue with the Train form's settings (`epochs` when given instead of the form's),
   * each model fitted to the dataset where it does not fit it; then shows the runs.
   */
  async startQueue(epochs?: number): Promise<void> {
    const checked = this.form.checked;
    if (!checked.ok) {
      const first = Object.values(checked.issues)[0] ?? '';
      this.editor.notices.show(`Check the settings in Train first: ${first}`, 'problem');
      return;
    }
    if (this.session.active || this.session.phase === 'loading') {
      this.editor.notices.show('A run is training: stop it first to train the queue.', 'problem');
      return;
    }
    const settings = epochs === undefined ? checked.settings : { ...checked.settings, epochs };
    await this.queue.start(settings);
    this.show('runs');
  }

  async #trainQueued(queued: QueuedModel, settings: TrainingSettings): Promise<boolean> {
    const dataset = DATASETS[settings.dataset ?? this.form.values.dataset];
    let document = queued.document;
    const fit = readiness(inspectModel(document), dataset, SETTINGS_ASIDE);
    if (!fit.ok && fit.remedy?.kind === 'fit') {
      const fitted = fitModel(document, dataset);
      if (typeof fitted !== 'string') document = fitted.document;
    }
    const ready = readiness(inspectModel(document), dataset, SETTINGS_ASIDE);
    if (!ready.ok) {
      this.editor.notices.show(
        `${queued.title} was left out of the queue: ${ready.detail}`,
        'problem',
      );
      return false;
    }
    const before = this.runs.latest;
    await this.session.start(document, this.#settings(document, settings));
    const ended = this.runs.liveEnded;
    const run = this.runs.latest;
    if (!ended || run === null || run === before) return false;
    this.#queuedRuns.add(run);
    await ended;
    return true;
  }

  async start(): Promise<void> {
    this.show('train');
    const { readiness } = this;
    const checked = this.form.checked;
    if (!readiness.ok || !checked.ok) return;
    this.scrub.epoch = null;
    this.confusion.close();
    const document = this.#trainingDocument(this.editor.model.document);
    await this.session.start(document, this.#settings(document, checked.settings));
  }

  togglePause(): Promise<void> {
    return this.session.phase === 'paused' ? this.session.resume() : this.session.pause();
  }

  stop(): Promise<void> {
    return this.session.stop();
  }

  /**
   * Loads the editor's model into the worker (without training) when it changed, so its kernels,
   * feature maps and predictions can be looked at. Run data of an older model is cleared.
   */
  async preview(): Promise<void> {
    if (!this.stale || this.session.active || this.session.phase === 'loading') return;
    if (!this.modelReadiness.ok) return;
    const document = this.#trainingDocument(this.editor.model.document);
    const checked = this.form.checked;
    const settings = checked.ok ? checked.settings : { dataset: this.form.values.dataset };
    this.scrub.epoch = null;
    this.confusion.close();
    this.session.clearRun();
    await this.session.load(document, this.#settings(document, settings));
  }

  /** Applies the readiness remedy: fit the model to the dataset, or show the problems. */
  remedy(): void {
    this.#apply(this.readiness, this.dataset);
  }

  /**
   * Fits the model to a dataset (Train's unless another is named, as an import's report names the
   * one it offered), whatever the form says.
   */
  fitToDataset(dataset: DatasetFacts = this.dataset): void {
    const { model, notices } = this.editor;
    const ready = readiness(model.inspection, dataset, SETTINGS_ASIDE);
    if (ready.ok) notices.show(`The model already fits ${dataset.title}: nothing to change.`);
    else this.#apply(ready, dataset);
  }

  #apply(readiness: Readiness, dataset: DatasetFacts): void {
    if (readiness.ok || !readiness.remedy) return;
    if (readiness.remedy.kind === 'design') {
      this.show('design');
      return;
    }
    const { model, notices } = this.editor;
    const { title } = dataset;
    const fit = fitModel(model.document, dataset);
    if (typeof fit === 'string') {
      notices.show(`The model could not be fitted to ${title}: ${fit}`, 'problem');
      return;
    }
    model.edit(() => fit.document);
    notices.show(`Fitted the model to ${title}. Undo puts it back.`, 'info', fit.changes);
  }

  /**
   * What the report of an import offers: fitting the model to Train's dataset when it does not
   * fit it (an ImageNet classifier and MNIST), with the sentence that says why. The button fits
   * to the dataset it names, even if Train's changes before it is taken.
   */
  #importOffer(): ImportOffer | null {
    const readiness = this.modelReadiness;
    if (readiness.ok || readiness.remedy?.kind !== 'fit') return null;
    const { dataset } = this;
    return {
      note: readiness.detail,
      action: { label: readiness.remedy.label, run: () => this.fitToDataset(dataset) },
    };
  }

  /** Why the model cannot be exported, or null when it can. */
  get exportRefusal(): string | null {
    const { problems } = this.editor.model.inspection;
    if (problems.length === 0) return null;
    return `Fix the model's ${problems.length === 1 ? 'problem' : `${problems.length} problems`} to export it.`;
  }

  exportModel(format: ExportFormat): void {
    const refusal = this.exportRefusal;
    if (refusal) {
      this.editor.notices.show(refusal, 'problem');
      return;
    }
    void this.exporter.export(format, this.editor.model.document);
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }

  async #askRecovered(): Promise<void> {
    let text: string | null;
    try {
      text = await this.backend.recoverTrainedModel();
    } catch (error) {
      console.error('CNN Studio: could not ask for trained weights to recover', error);
      return;
    }
    const opened = text === null ? null : readModelText(text);
    if (!opened?.ok || !opened.document.weights) return;
    this.recovered = opened.document;
    this.editor.notices.show(
      'Weights trained before CNN Studio closed unexpectedly are kept: see Train.',
    );
  }

  #trainingDocument(document: ModelDocument): ModelDocument {
    return this.keepWeights ? document : withoutWeights(document);
  }

  #settings(document: ModelDocument, settings: TrainingSettings): TrainingSettings {
    return { ...settings, normalization: normalizationKind(document) };
  }

  /**
   * A run left weights: into the editor's document (one undo step), which Save then keeps. Weights
   * that scored better are never replaced unsaid: the notice names them and puts them back.
   */
  #trained(document: ModelDocument, outcome: RunOutcome): void {
    const model = this.editor.model;
    // The model says which run its weights came from (the Runs view keeps that run's record).
    const run = this.runs.latest;
    if (run !== null && this.#queuedRuns.has(run)) return;
    const trained = run ? { ...document, training: { ...document.training, run } } : document;
    const before = model.document;
    model.edit((current) => withTrainedWeights(current, trained));
    this.#importedTraining = model.document.training;
    const how =
      outcome.reason === 'crashed'
        ? `The weights of epoch ${outcome.epochs}, the last one that finished,`
        : `The trained weights${outcome.testAccuracy === null ? '' : ` (${formatPercent(outcome.testAccuracy)} on the test set)`}`;
    const previous = weightsOrigin(before);
    const next = weightsOrigin(model.document);
    if (!previous || !next || !replacedBetter(previous, next)) {
      this.editor.notices.show(`${how} are in the model now. Save keeps them.`);
      return;
    }
    const kept = this.runs.runs.find((r) => r.id === previous.run);
    const where = kept ? ` (run “${kept.name}”, kept in Runs)` : '';
    this.editor.notices.show(
      `${how} are in the model now, in place of weights that scored ${formatPercent(previous.testAccuracy!)}${where}.`,
      'problem',
      [],
      {
        label: 'Put those back',
        run: () => model.edit((current) => withTrainedWeights(current, before)),
      },
    );
  }

  /** Writes files the dashboard made (charts, history, pictures): a folder, or downloads. */
  readonly exportFiles: ExportFiles = async (suggestedName, files) => {
    try {
      if (await this.backend.exportFiles({ suggestedName, files })) {
        this.editor.notices.show(`Exported ${files.map((f) => f.name).join(', ')}.`);
      }
    } catch (error) {
      this.editor.notices.show(`Could not export: ${messageOf(error)}`, 'problem');
    }
  };
}
