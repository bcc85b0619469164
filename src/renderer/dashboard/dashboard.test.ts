import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportRequest, StudioBackend } from '../../shared/backend';
import { createNetwork, parseModel, type ModelDocument } from '../../engine';
import { nodeWorkerSpawner } from '../../worker/node/host';
import { commandActions } from '../commands/commands';
import { readModel } from '../document/open';
import { ModelStore } from '../document/store.svelte';
import { Editor } from '../editor/editor.svelte';
import type { ImportWorker } from '../import/importer.svelte';
import type { ImportReply } from '../import/protocol';
import { lenet5Template } from '../templates/templates';
import { parseRunRecord, type RunRecord } from '../../shared/runs/record';
import { Dashboard, weightsDropped } from './dashboard.svelte';

// Train mode wired to a real editor store and a real training worker (worker_threads).

const dashboards: Dashboard[] = [];

function lenet5(): ModelDocument {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return opened.document;
}

function open(recovered: string | null = null, importWorker?: ImportWorker) {
  const exported: ExportRequest[] = [];
  const saved: { record: RunRecord; trained: string }[] = [];
  const backend = {
    exportFiles: async (request: ExportRequest) => {
      exported.push(request);
      return true;
    },
    recoverTrainedModel: async () => recovered,
    saveRun: async (record: RunRecord, trained: string) => void saved.push({ record, trained }),
    runModel: async (id: string) => {
      const run = [...saved].reverse().find((s) => s.record.id === id);
      if (!run) throw new Error('it is not there');
      return run.trained;
    },
  } as unknown as StudioBackend;
  const opened = { document: lenet5() };
  const editor = new Editor(new ModelStore(opened.document), backend, importWorker);
  const dashboard = new Dashboard(backend, editor, nodeWorkerSpawner());
  dashboards.push(dashboard);
  return { dashboard, editor, exported, saved };
}

afterEach(async () => {
  await Promise.all(dashboards.splice(0).map((d) => d.dispose()));
});

const until = (check: () => boolean) =>
  vi.waitFor(() => expect(check()).toBe(true), { timeout: 60_000, interval: 20 });

/** A model made for 3×32×32 images and 1000 classes, with weights. */
const rgb: ModelDocument = {
  format: 'cnn-studio/model',
  version: 1,
  name: 'rgb',
  nodes: [
    { id: 'in', type: 'input', params: { channels: 3, height: 32, width: 32 } },
    { id: 'c1', type: 'conv2d', params: { filters: 2, kernelSize: 1 } },
    { id: 'gap', type: 'globalavgpool' },
    { id: 'fc', type: 'dense', params: { units: 1000 } },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'gap' },
    { from: 'gap', to: 'fc' },
  ],
  weights: { c1: { weight: { shape: [2, 3, 1, 1], data: [1, 2, 3, 4, 5, 6] } } },
};
// The import worker's reply to any file: `rgb`, imported.
const importsRgb: ImportWorker = () => {
  const fake = {
    onmessage: null as ((event: MessageEvent<ImportReply>) => void) | null,
    postMessage: () =>
      queueMicrotask(() =>
        fake.onmessage?.({
          data: { type: 'done', document: rgb, report: ['ONNX opset 13.'] },
        } as MessageEvent<ImportReply>),
      ),
    terminate: () => undefined,
  };
  return fake as unknown as Worker;
};

describe('Dashboard', () => {
  it("fits the model to Train's dataset from Design, whatever the rest of the form says", () => {
    const { dashboard, editor } = open();
    dashboard.form.setDataset('shapes');
    dashboard.form.values.epochs = 'many';
    expect(dashboard.modelReadiness).toMatchObject({ ok: false, remedy: { kind: 'fit' } });
    dashboard.fitToDataset();
    expect(dashboard.modelReadiness).toEqual({ ok: true });
    expect(dashboard.readiness.ok).toBe(false); // the epochs field is still wrong
    expect(editor.model.document.nodes[0].params).toMatchObject({ height: 16, width: 16 });
    expect(editor.model.document.classes).toHaveLength(4);
  });

  it('an imported model made for 3×32×32 images and 1000 classes: its report offers the fit, which is one undoable edit that says what it changed', async () => {
    const { editor } = open(null, importsRgb);
    await editor.importFile(new File(['any bytes'], 'rgb.onnx'));
    expect(editor.model.document).toBe(rgb);
    const report = editor.notices.items.at(-1)!;
    expect(report.text).toBe(
      'Imported rgb.onnx: 4 layers. The model takes 3×32×32 images; MNIST images are 1×28×28.',
    );
    expect(report.details).toEqual(['ONNX opset 13.']);
    expect(report.action?.label).toBe('Fit the model to MNIST');

    editor.notices.act(report.id);
    const fitted = editor.model.document;
    expect(fitted.nodes.map((n) => n.params)).toEqual([
      { channels: 1, height: 28, width: 28 },
      { filters: 2, kernelSize: 1 },
      undefined,
      { units: 10 },
    ]);
    expect(fitted.weights?.c1.weight).toEqual({
      shape: [2, 1, 1, 1],
      data: Float32Array.of(6, 15),
    });
    expect(editor.model.inspection.valid).toBe(true);
    const said = editor.notices.items.at(-1)!;
    expect(said.text).toBe('Fitted the model to MNIST. Undo puts it back.');
    expect(said.details).toEqual([
      'The input takes 1×28×28 images (it took 3×32×32).',
      '"c1" reads 1 channel (it read 3): its weights for the 3 channels are summed into one, so a grey image gives what it gave as 3 equal channels.',
      '"fc" gives 10 class scores (it gave 1000).',
    ]);
    editor.undo();
    expect(editor.model.document).toBe(rgb);
  });

  it("the report's fit fits to the dataset it names, whatever Train has chosen since, and says when there is nothing to fit", async () => {
    const { dashboard, editor } = open(null, importsRgb);
    await editor.importFile(new File(['any bytes'], 'rgb.onnx'));
    const report = editor.notices.items.at(-1)!;
    expect(report.action?.label).toBe('Fit the model to MNIST');
    dashboard.form.setDataset('shapes');
    editor.notices.act(report.id);
    expect(editor.model.document.nodes[0].params).toEqual({ channels: 1, height: 28, width: 28 });
    expect(editor.model.document.classes).toHaveLength(10);
    expect(editor.notices.items.at(-1)!.text).toBe('Fitted the model to MNIST. Undo puts it back.');

    // Fitted already (from the Problems panel, say) when the report's button is taken.
    const fitted = editor.model.document;
    report.action!.run();
    expect(editor.model.document).toBe(fitted);
    expect(editor.notices.items.at(-1)!.text).toBe(
      'The model already fits MNIST: nothing to change.',
    );
  });

  it('fits LeNet-5 to shapes, trains it, records the run and puts the weights into the editor document', async () => {
    const { dashboard, editor, saved } = open();
    dashboard.show('train');
    // LeNet-5's own training record asks for MNIST; the person picks shapes.
    expect(dashboard.form.values.dataset).toBe('mnist');
    dashboard.form.setDataset('shapes');
    // LeNet-5's record is MNIST's defaults: every setting follows the dataset, and the notice says so.
    expect(editor.notices.items.at(-1)?.text).toBe(
      'Training on Shapes with its settings: epochs 1 → 4, batch size 64 → 32, optimizer SGD → Adam, learning rate 0.05 → 0.002, schedule Cosine → Constant, warm-up steps 200 → 0.',
    );
    dashboard.form.values.epochs = '1';
    const refusal = dashboard.readiness;
    expect(refusal).toMatchObject({ ok: false, reason: 'Input must be 1×16×16 for Shapes' });

    dashboard.remedy();
    expect(dashboard.readiness).toEqual({ ok: true });
    expect(editor.model.document.classes).toHaveLength(4);
    expect(editor.model.canUndo).toBe(true);

    await dashboard.start();
    await until(() => editor.model.document.weights !== undefined);
    expect(dashboard.session.finished?.reason).toBe('completed');
    expect(Object.keys(editor.model.document.weights!).sort()).toEqual([
      'c1',
      'c2',
      'f1',
      'f2',
      'out',
    ]);
    expect(editor.model.document.training).toMatchObject({
      dataset: 'shapes',
      result: { epochs: 1, steps: 125 },
      run: dashboard.runs.latest,
    });
    // The run is kept: at its start, after its epoch, and at its end, with its weights each time.
    await until(() => saved.at(-1)?.record.outcome.kind === 'finished');
    const record = parseRunRecord(saved.at(-1)!.record);
    expect(record).toMatchObject({
      id: dashboard.runs.latest,
      name: 'LeNet-5',
      dataset: { name: 'shapes' },
      steps: 125,
      test: { count: 1000 },
    });
    expect(saved[0].record.outcome).toEqual({ kind: 'interrupted' });
    expect(Object.keys(JSON.parse(saved.at(-1)!.trained).weights)).toHaveLength(5);
    expect(dashboard.runs.runs.map((r) => r.id)).toEqual([record.id]);
    expect(editor.model.dirty).toBe(true);
    expect(editor.notices.items.at(-1)?.text).toMatch(
      /^The trained weights \(\d+\.\d% on the test set\) are in the model now\. Save keeps them\.$/,
    );
    // What the worker holds is what the editor holds: nothing to load again.
    expect(dashboard.stale).toBe(false);

    // More filters in c2: c2 loses its tensors, f1 (which reads c2's maps) its weight matrix but
    // not its bias; both are named.
    editor.model.setParam('c2', 'filters', 8);
    const weights = editor.model.document.weights!;
    expect(Object.keys(weights).sort()).toEqual(['c1', 'f1', 'f2', 'out']);
    expect(Object.keys(weights.f1)).toEqual(['bias']);
    expect(editor.notices.items.at(-1)).toMatchObject({
      text: weightsDropped(['c2', 'f1']),
      tone: 'problem',
    });
    expect(dashboard.stale).toBe(true);
  });

  it('names the layers that lost their weights in one sentence', () => {
    expect(weightsDropped(['c1'])).toBe(
      '"c1" lost its trained weights: its shapes changed. Training learns them afresh; Undo brings them back.',
    );
    expect(weightsDropped(['c2', 'f1', 'out'])).toMatch(/^"c2", "f1" and "out" lost their/);
  });

  it('offers weights a crashed desktop session trained, and puts them into the model', async () => {
    const trained = createNetwork(parseModel(lenet5()), { seed: 3 }).toJSON();
    trained.training = { dataset: 'mnist', result: { epochs: 2 } };
    const { dashboard, editor } = open(JSON.stringify(trained));
    await until(() => dashboard.recovered !== null);
    expect(editor.notices.items.at(-1)?.text).toMatch(/closed unexpectedly are kept/);
    expect(dashboard.recoveredFits).toBe(true);
    dashboard.restoreRecovered();
    expect(dashboard.recovered).toBeNull();
    expect(editor.model.document.weights?.c1).toEqual(trained.weights!.c1);
    expect(editor.model.document.nodes).toEqual(lenet5().nodes);
  });

  it("opens a run's model with its weights in the editor, in Design", async () => {
    const { dashboard, editor, saved } = open();
    const trained = createNetwork(parseModel({ ...lenet5(), name: 'Kept' }), { seed: 2 }).toJSON();
    saved.push({ record: { id: 'run-1' } as RunRecord, trained: JSON.stringify(trained) });
    dashboard.show('runs');
    expect(dashboard.mode).toBe('runs');
    await dashboard.openRun({ id: 'run-1', name: 'First try' });
    expect(dashboard.mode).toBe('design');
    expect(editor.model.document.name).toBe('Kept');
    expect(editor.model.document.weights?.c1).toEqual(trained.weights!.c1);
    expect(editor.model.file).toEqual({ name: 'First try.cnn.json', path: null });

    // The editor holds that run's weights already: it is shown as it is, edits and all.
    editor.model.edit((current) => ({ ...current, training: { run: 'run-1' }, name: 'Edited' }));
    dashboard.show('runs');
    expect(await dashboard.openRun({ id: 'run-1', name: 'First try' })).toBe(true);
    expect(dashboard.mode).toBe('design');
    expect(editor.model.document.name).toBe('Edited');

    dashboard.show('runs');
    expect(await dashboard.openRun({ id: 'run-gone', name: 'Gone' })).toBe(false);
    expect(dashboard.mode).toBe('runs');
    expect(editor.notices.items.at(-1)?.text).toBe(
      "Could not open the run's model: it is not there",
    );
  });

  it('continues a run from its final weights and settings, as a new run that names it', async () => {
    const { dashboard, editor, saved } = open();
    dashboard.show('train');
    dashboard.form.setDataset('shapes');
    dashboard.form.values.epochs = '1';
    dashboard.remedy();
    await dashboard.start();
    await until(() => saved.at(-1)?.record.outcome.kind === 'finished');
    const first = saved.at(-1)!;
    const firstWeights = JSON.parse(first.trained).weights;

    // Another model in the editor, and other settings in the form: the run brings back its own.
    editor.startFrom(lenet5Template);
    dashboard.form.setDataset('mnist');
    dashboard.show('runs');
    await dashboard.continueRun(first.record);
    expect(dashboard.mode).toBe('train');
    expect(dashboard.form.values).toMatchObject({ dataset: 'shapes', epochs: '1' });
    const second = dashboard.runs.latest;
    // It starts from the first run's final weights: the model it was sent holds them.
    expect(dashboard.session.loadedFrom?.document.weights?.c1).toEqual(firstWeights.c1);
    expect(second).not.toBe(first.record.id);
    await until(
      () => saved.at(-1)?.record.id === second && saved.at(-1)?.record.outcome.kind === 'finished',
    );
    const record = parseRunRecord(saved.at(-1)!.record);
    expect(record).toMatchObject({ continuedFrom: first.record.id, steps: 125 });
    expect(parseRunRecord(first.record).continuedFrom).toBeNull();
    await until(() => editor.model.document.training?.run === second);
    expect(editor.model.document.weights?.c1).not.toEqual(firstWeights.c1);

    // While a run trains, another is not continued.
    dashboard.form.values.epochs = '50';
    await dashboard.start();
    await dashboard.continueRun(first.record);
    expect(editor.notices.items.at(-1)?.text).toBe(
      'A run is training: stop it first to continue another.',
    );
    await dashboard.stop();
  });

  it('says when a run replaced weights that scored better, and puts them back', async () => {
    const { dashboard, editor } = open();
    dashboard.show('train');
    dashboard.form.setDataset('shapes');
    dashboard.remedy();
    const fitted = editor.model.document;
    const best = createNetwork(parseModel(fitted), { seed: 5 }).toJSON();
    const bestTraining = { dataset: 'shapes', run: 'run-best', result: { testAccuracy: 0.999 } };
    editor.model.edit((current) => ({ ...current, weights: best.weights, training: bestTraining }));
    // Trained afresh at a rate too small to learn: the new weights test near chance.
    dashboard.show('train');
    dashboard.form.values.epochs = '1';
    dashboard.form.values.learningRate = '1e-9';
    dashboard.keepWeights = false;
    await dashboard.start();
    await until(() => editor.model.document.training?.run === dashboard.runs.latest);
    const notice = editor.notices.items.at(-1)!;
    expect(notice).toMatchObject({ tone: 'problem', action: { label: 'Put those back' } });
    expect(notice.text).toMatch(
      /^The trained weights \(\d+\.\d% on the test set\) are in the model now, in place of weights that scored 99\.9%\.$/,
    );
    expect(editor.model.document.weights?.c1).not.toEqual(best.weights!.c1);
    editor.notices.act(notice.id);
    expect(editor.model.document.weights?.c1).toEqual(best.weights!.c1);
    expect(editor.model.document.training).toEqual(bestTraining);
  });

  it('trains a queue with the same settings, fitting each model, leaving the editor as it is', async () => {
    const { dashboard, editor, saved } = open();
    dashboard.show('train');
    dashboard.form.setDataset('shapes');
    const before = editor.model.document;
    dashboard.queueOpenModel();
    dashboard.queue.add([{ title: 'Broken', document: { ...lenet5(), edges: [] } }]);
    dashboard.show('runs');
    await dashboard.startQueue(1);
    expect(dashboard.mode).toBe('runs');
    // The last save of each run.
    const records = [...new Map(saved.map((s) => [s.record.id, s.record])).values()];
    expect(
      records.map((r) => [r.name, r.outcome.kind, r.dataset.name, r.settings.epochs, r.steps]),
    ).toEqual([['LeNet-5', 'finished', 'shapes', 1, 125]]);
    // Fitted to the shapes for its run; the editor's model is the one it was.
    expect(records[0].model.nodes[0].params).toMatchObject({ height: 16, width: 16 });
    expect(editor.model.document).toBe(before);
    expect(editor.notices.items.map((n) => n.text)).toContainEqual(
      expect.stringMatching(/^Broken was left out of the queue: The model has \d+ problems/),
    );
    expect([dashboard.queue.phase, dashboard.queue.items]).toEqual(['idle', []]);
  });

  it('follows the commands: views, training, exports', async () => {
    const { dashboard, editor, exported } = open();
    const run = commandActions(editor, dashboard, () => {});
    run['show-dashboard']();
    expect(dashboard.mode).toBe('train');
    run['show-runs']();
    expect(dashboard.mode).toBe('runs');
    run['show-editor']();
    expect(dashboard.mode).toBe('design');
    // Pause and stop do nothing while nothing trains.
    run['train-pause']();
    run['train-stop']();
    expect(dashboard.session.phase).toBe('idle');
    expect(exported).toHaveLength(0);
  });
});
