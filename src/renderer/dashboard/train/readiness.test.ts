import { describe, expect, it } from 'vitest';
import { inspectModel, type ModelDocument } from '../../../engine';
import { setParam } from '../../document/edits';
import { readModel } from '../../document/open';
import { lenet5Template } from '../../templates/templates';
import { DATASETS } from '../datasets';
import { readiness } from './readiness';
import { defaultValues, validate } from './settings.svelte';

function lenet5(): ModelDocument {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return opened.document;
}

const check = (doc: ModelDocument, dataset: keyof typeof DATASETS) =>
  readiness(doc, inspectModel(doc), DATASETS[dataset], validate(defaultValues(dataset)));

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
    if (ready.remedy?.kind !== 'fit') throw new Error('expected a fit');
    expect(ready.remedy.label).toBe('Fit the model to Shapes');
    expect(ready.remedy.changes).toEqual([
      'The input takes 1×16×16 images (it took 1×28×28).',
      '"out" gives 4 class scores (it gave 10).',
    ]);
    const fitted = ready.remedy.apply(doc);
    if (typeof fitted === 'string') throw new Error(fitted);
    expect(fitted.document.classes).toEqual(['vertical bar', 'horizontal bar', 'square', 'cross']);
    expect(fitted.document.nodes.find((n) => n.id === 'out')?.params).toEqual({ units: 4 });
    expect(check(fitted.document, 'shapes')).toEqual({ ok: true });
  });

  it('LeNet-5 on 8×8 digits: its second convolution is padded to fit the 4×4 map', () => {
    const ready = check(lenet5(), 'digits');
    if (ready.ok || ready.remedy?.kind !== 'fit') throw new Error('expected a fit');
    expect(ready.remedy.changes).toEqual([
      'The input takes 1×8×8 images (it took 1×28×28).',
      '"c2" pads by 1 (it padded 0), so its 5×5 kernel fits the 4×4 map it now gets.',
    ]);
  });

  it('a model that cannot be fitted says why; Design is where to change it', () => {
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
    const ready = check(twoHeads, 'mnist');
    if (ready.ok) throw new Error('expected a refusal');
    expect(ready.remedy).toEqual({ kind: 'design', label: 'Open in Design' });
    expect(ready.detail).toBe(
      'The model takes 1×16×16 images; MNIST images are 1×28×28. Fitting it needs a change to its layers, in Design: No layer gives the class scores: the output "sum" is not a dense or conv2d layer, nor follows one through activations, dropout, normalisation, global pooling or flatten only',
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
      doc,
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
      doc,
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
