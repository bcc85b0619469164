import { describe, expect, it, vi } from 'vitest';
import { inspectModel, type ModelDocument } from '../../../engine';
import * as inspect from '../../../engine/model/inspect';
import { setParam } from '../../document/edits';
import { readModel } from '../../document/open';
import { lenet5Template } from '../../templates/templates';
import { DATASETS } from '../datasets';
import { fitModel, readiness } from './readiness';
import { defaultValues, validate } from './settings.svelte';

function lenet5(): ModelDocument {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return opened.document;
}

// Counts the inspections the fit makes (the engine's own, through the real inspectModel).
vi.mock('../../../engine/model/inspect', async (original) => {
  const real = await original<typeof inspect>();
  return { ...real, inspectModel: vi.fn(real.inspectModel) };
});

const check = (doc: ModelDocument, dataset: keyof typeof DATASETS) =>
  readiness(inspectModel(doc), DATASETS[dataset], validate(defaultValues(dataset)));

describe('readiness to train', () => {
  it('LeNet-5 trains on MNIST as it is', () => {
    expect(check(lenet5(), 'mnist')).toEqual({ ok: true });
  });

  it('LeNet-5 on shapes: the button says the input is wrong, and the fix fits the model', () => {
    const doc = lenet5();
    const ready = check(doc, 'shapes');
    if (ready.ok) throw new Error('expected a refusal');
    expect(ready.reason).toBe('Input must be 1×16×16 for Shapes');
    expect(ready.detail).toBe('The model takes 1×28×28 images; Shapes images are 1×16×16.');
    expect(ready.remedy).toEqual({ kind: 'fit', label: 'Fit the model to Shapes' });
    const fitted = fitModel(doc, DATASETS.shapes);
    if (typeof fitted === 'string') throw new Error(fitted);
    expect(fitted.changes).toEqual([
      'The input takes 1×16×16 images (it took 1×28×28).',
      '"out" gives 4 class scores (it gave 10).',
    ]);
    expect(fitted.document.classes).toEqual(['vertical bar', 'horizontal bar', 'square', 'cross']);
    expect(fitted.document.nodes.find((n) => n.id === 'out')?.params).toEqual({ units: 4 });
    expect(check(fitted.document, 'shapes')).toEqual({ ok: true });
  });

  it('a model that does not fit the dataset is told so without fitting it: the fit waits for the click', () => {
    const doc = lenet5();
    const inspection = inspectModel(doc);
    const inspections = vi.mocked(inspect.inspectModel);
    inspections.mockClear();
    const ready = readiness(inspection, DATASETS.shapes, validate(defaultValues('shapes')));
    expect(ready).toMatchObject({ ok: false, remedy: { kind: 'fit' } });
    expect(inspections).toHaveBeenCalledTimes(0);
    fitModel(doc, DATASETS.shapes);
    // Fitting inspects the model as it was, with its windows fitted, and once fitted.
    expect(inspections.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('LeNet-5 on 8×8 digits: its second convolution is padded to fit the 4×4 map', () => {
    const fitted = fitModel(lenet5(), DATASETS.digits);
    if (typeof fitted === 'string') throw new Error(fitted);
    expect(fitted.changes).toEqual([
      'The input takes 1×8×8 images (it took 1×28×28).',
      '"c2" pads by 1 (it padded 0), so its 5×5 kernel fits the 4×4 map it now gets.',
    ]);
  });

  it('a model that cannot be fitted says why when the fit is asked for', () => {
    const twoHeads: ModelDocument = {
      format: 'cnn-studio/model',
      version: 1,
      nodes: [
        { id: 'in', type: 'input', params: { channels: 1, height: 16, width: 16 } },
        { id: 'fl', type: 'flatten' },
        { id: 'a', type: 'dense', params: { units: 10 } },
        { id: 'b', type: 'dense', params: { units: 10 } },
        { id: 'sum', type: 'add' },
      ],
      edges: [
        { from: 'in', to: 'fl' },
        { from: 'fl', to: 'a' },
        { from: 'fl', to: 'b' },
        { from: 'a', to: 'sum' },
        { from: 'b', to: 'sum' },
      ],
    };
    expect(check(twoHeads, 'mnist')).toMatchObject({ ok: false, remedy: { kind: 'fit' } });
    expect(fitModel(twoHeads, DATASETS.mnist)).toBe(
      'No layer gives the class scores: the output "sum" is not a dense or conv2d layer, nor follows one through activations, dropout, normalisation, global pooling or flatten only',
    );
  });

  it('a model too large to train at the batch size is refused before the worker allocates it', () => {
    const doc = setParam(lenet5(), 'c1', 'filters', 4096);
    const ready = check(doc, 'mnist');
    if (ready.ok) throw new Error('expected a refusal');
    expect(ready.reason).toBe('Too large for memory');
    expect(ready.detail).toMatch(
      /^Batch size: training on 64 images at once needs [\d.]+ GiB; CNN Studio holds at most 2 GiB: use a batch of at most \d+$/,
    );
    const fits = Number(/at most (\d+)$/.exec(ready.detail)![1]);
    const smaller = readiness(
      inspectModel(doc),
      DATASETS.mnist,
      validate({ ...defaultValues('mnist'), batchSize: String(fits) }),
    );
    expect(smaller).toEqual({ ok: true });
  });

  it('a model with problems cannot start, and the button counts them', () => {
    const doc = lenet5();
    const broken = { ...doc, edges: doc.edges.filter((e) => e.to !== 'f1') };
    const ready = check(broken, 'mnist');
    if (ready.ok) throw new Error('expected a refusal');
    expect(ready.reason).toMatch(/^Fix \d+ problems? first$/);
    expect(ready.remedy).toEqual({ kind: 'design', label: 'Show the problems' });
  });

  it('bad settings hold the start back too', () => {
    const doc = lenet5();
    const ready = readiness(
      inspectModel(doc),
      DATASETS.mnist,
      validate({ ...defaultValues(), batchSize: '0' }),
    );
    expect(ready).toEqual({
      ok: false,
      reason: 'Check the settings',
      detail: 'Batch size must be a whole number from 1 to 4096.',
      remedy: null,
    });
  });
});
