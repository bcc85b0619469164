import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DATASET_NAMES } from '../../../engine/datasets';
import { optimizerSettings } from '../../../engine/optim';
import { optimizerDefaultsFor } from '../../../engine/train/defaults';
import {
  resolveSettings,
  trainingSettingsSchema,
  type SettingsChoice,
} from '../../../engine/train/settings';
import { defaultValues, TrainForm, validate, valuesFromTraining } from './settings.svelte';

/** Settings with every optimizer setting spelled out, as the optimizer runs with them. */
function spelledOut({ optimizer, ...rest }: SettingsChoice) {
  const { type, ...given } = optimizer;
  return { ...rest, optimizer: { type, ...optimizerSettings(type, given) } };
}

describe('train settings', () => {
  it.each(DATASET_NAMES)(
    'starts on %s from the settings the worker gives a model that says none',
    (dataset) => {
      const checked = validate(defaultValues(dataset));
      if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
      // What the form sends, as the worker resolves it, is what the worker resolves alone.
      const sent = resolveSettings(undefined, v.parse(trainingSettingsSchema, checked.settings));
      expect(spelledOut(sent)).toEqual(spelledOut(resolveSettings(undefined, { dataset })));
    },
  );

  it('has defaults per dataset, and switching dataset brings its own', () => {
    const form = new TrainForm({ optimizer: { type: 'sgd', learningRate: 0.05 }, seed: 7 });
    expect(form.values).toMatchObject({ dataset: 'mnist', epochs: '1', batchSize: '64' });
    form.setDataset('digits');
    expect(form.values).toMatchObject({
      epochs: '30',
      batchSize: '32',
      optimizer: 'adam',
      learningRate: '0.003',
      seed: '7',
    });
    form.setOptimizer('sgd');
    expect(form.values.learningRate).toBe('0.05');
    form.setOptimizer('adamw');
    expect(form.values.weightDecay).toBe('0.01');
  });

  it('switching dataset changes only the settings not set, and says what it changed', () => {
    const notices: string[] = [];
    const form = new TrainForm(undefined, (text) => notices.push(text));
    form.values.epochs = '3';
    form.setDataset('digits');
    expect(form.values).toEqual({ ...defaultValues('digits'), epochs: '3' });
    expect(notices).toEqual([
      'Training on 8×8 digits with its settings: batch size 64 → 32, optimizer SGD → Adam, learning rate 0.05 → 0.003, schedule Cosine → Constant, warm-up steps 200 → 0; kept as set: epochs 3.',
    ]);

    // An optimizer chosen stays, with what was set for it; the rest follows the dataset.
    form.setOptimizer('adamw');
    form.values.learningRate = '0.01';
    form.values.schedule = 'step';
    form.setDataset('shapes');
    expect(form.values).toMatchObject({
      dataset: 'shapes',
      epochs: '3',
      batchSize: '32',
      optimizer: 'adamw',
      learningRate: '0.01',
      weightDecay: '0.01',
      schedule: 'step',
    });
    expect(notices[1]).toBe(
      'Training on Shapes with the settings as they were; kept as set: epochs 3, optimizer AdamW, learning rate 0.01, schedule Step decay.',
    );

    // A chosen optimizer at its usual rate takes the new dataset's usual rate for it.
    form.values.learningRate = '0.002';
    form.setDataset('digits');
    expect(form.values.learningRate).toBe('0.003');
    expect(notices[2]).toBe(
      'Training on 8×8 digits with its settings: learning rate 0.002 → 0.003; kept as set: epochs 3, optimizer AdamW, schedule Step decay.',
    );
    // The same dataset again changes nothing and says nothing.
    form.setDataset('digits');
    expect(notices).toHaveLength(3);
  });

  it('builds the worker settings from valid fields', () => {
    const checked = validate({ ...defaultValues('shapes'), schedule: 'step', gamma: '0.5' });
    expect(checked).toMatchObject({
      ok: true,
      settings: {
        dataset: 'shapes',
        epochs: 4,
        batchSize: 32,
        seed: 1,
        augment: false,
        threads: 2,
        optimizer: { type: 'adam', learningRate: 0.002, beta1: 0.9, beta2: 0.999, weightDecay: 0 },
        schedule: { type: 'step', everyEpochs: 1, gamma: 0.5, warmupSteps: 0 },
      },
    });
  });

  it('says what is wrong with each field, in a sentence', () => {
    const checked = validate({
      ...defaultValues(),
      optimizer: 'sgd',
      epochs: '0',
      batchSize: '3.5',
      learningRate: '',
      momentum: '1',
      nesterov: true,
      seed: 'abc',
    });
    expect(checked.ok).toBe(false);
    expect(checked.issues).toMatchObject({
      epochs: 'Epochs must be a whole number from 1 to 10000.',
      batchSize: 'Batch size must be a whole number from 1 to 4096.',
      learningRate: 'Learning rate is required.',
      momentum: 'Momentum must be at least 0 and below 1.',
      seed: 'Seed must be a number.',
    });
    const noMomentum = validate({
      ...defaultValues(),
      optimizer: 'sgd',
      momentum: '0',
      nesterov: true,
    });
    expect(noMomentum.issues.nesterov).toBe('Nesterov needs a momentum above 0.');
  });

  it("takes a document's training record", () => {
    const values = valuesFromTraining({
      dataset: 'mnist',
      epochs: 1,
      batchSize: 64,
      seed: 1,
      optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
      schedule: { type: 'cosine', warmupSteps: 200 },
      normalization: 'standardize',
    });
    expect(values).toMatchObject({
      dataset: 'mnist',
      epochs: '1',
      optimizer: 'sgd',
      learningRate: '0.05',
      momentum: '0.9',
      nesterov: true,
      schedule: 'cosine',
      warmupSteps: '200',
    });
    expect(valuesFromTraining({ dataset: 'cifar' }).dataset).toBe('mnist');
  });

  it("fills what a training record leaves out with its optimizer's and dataset's usual values", () => {
    const values = valuesFromTraining({
      dataset: 'digits',
      epochs: '5',
      optimizer: { type: 'adamw', beta1: 0.8 },
      schedule: { type: 'linear', gamma: 0.1 },
    });
    expect(values).toMatchObject({
      dataset: 'digits',
      epochs: defaultValues('digits').epochs,
      optimizer: 'adamw',
      learningRate: String(optimizerDefaultsFor('digits', 'adamw').learningRate),
      weightDecay: '0.01',
      beta1: '0.8',
      schedule: 'constant',
      gamma: '0.1',
    });
  });
});
