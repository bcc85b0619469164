import { describe, expect, it } from 'vitest';
import { DATASETS } from '../datasets';
import { defaultValues, TrainForm, validate, valuesFromTraining } from './settings.svelte';

describe('train settings', () => {
  it('has defaults per dataset, and switching dataset brings its own', () => {
    const form = new TrainForm({ optimizer: { type: 'sgd', learningRate: 0.05 }, seed: 7 });
    expect(form.values).toMatchObject({ dataset: 'mnist', epochs: '2', batchSize: '64' });
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
      epochs: 'Epochs must be a whole number from 1 to 10,000.',
      batchSize: 'Batch size must be a whole number from 1 to 4,096.',
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
      learningRate: String(DATASETS.digits.defaults.learningRate.adamw),
      weightDecay: '0.01',
      beta1: '0.8',
      schedule: 'constant',
      gamma: '0.1',
    });
  });
});
