import { describe, expect, it } from 'vitest';
import { model } from '../../../test/runs/fixtures';
import { originText, replacedBetter, weightsOrigin, type WeightsOrigin } from './weightsOrigin';

const weights = { out: { bias: { shape: [4], data: [0, 0, 0, 0] } } };

function origin(run: string | null, dataset: string | null, testAccuracy: number | null) {
  return { run, dataset, testAccuracy } satisfies WeightsOrigin;
}

describe('weightsOrigin', () => {
  it('reads the run, dataset and test accuracy a trained document records', () => {
    const trained = {
      ...model(),
      weights,
      training: { run: 'run-1', dataset: 'shapes', result: { epochs: 2, testAccuracy: 0.8 } },
    };
    expect(weightsOrigin(trained)).toEqual(origin('run-1', 'shapes', 0.8));
    expect(weightsOrigin({ ...trained, training: { result: { testAccuracy: null } } })).toEqual(
      origin(null, null, null),
    );
    expect(weightsOrigin({ ...model(), weights })).toEqual(origin(null, null, null));
  });

  it('is null for a model without weights, whatever its training says', () => {
    expect(weightsOrigin(model())).toBeNull();
    expect(weightsOrigin({ ...model(), weights: {}, training: { run: 'run-1' } })).toBeNull();
  });
});

describe('replacedBetter', () => {
  const best = origin('run-1', 'shapes', 0.9);

  it('holds when the new weights tested lower on the same dataset, or were not tested', () => {
    expect(replacedBetter(best, origin('run-2', 'shapes', 0.85))).toBe(true);
    expect(replacedBetter(best, origin('run-2', 'shapes', null))).toBe(true);
  });

  it('does not hold for as good or better weights, other datasets, or unknown ones before', () => {
    expect(replacedBetter(best, origin('run-2', 'shapes', 0.9))).toBe(false);
    expect(replacedBetter(best, origin('run-2', 'shapes', 0.95))).toBe(false);
    expect(replacedBetter(best, origin('run-2', 'mnist', 0.5))).toBe(false);
    expect(replacedBetter(origin('run-1', 'shapes', null), origin('run-2', 'shapes', 0.1))).toBe(
      false,
    );
    expect(replacedBetter(null, origin('run-2', 'shapes', 0.1))).toBe(false);
    // The same run's weights again (saved twice), not a replacement.
    expect(replacedBetter(best, origin('run-1', 'shapes', 0.5))).toBe(false);
  });
});

describe('originText', () => {
  it('names the run and its score, or says the run is gone, or that no run trained them', () => {
    expect(originText(origin('run-1', 'shapes', 0.8125), 'LeNet-5')).toBe(
      'Weights from run “LeNet-5” (81.3% on the Shapes test set).',
    );
    expect(originText(origin('run-1', 'mnist', null), 'LeNet-5')).toBe(
      'Weights from run “LeNet-5”.',
    );
    expect(originText(origin('run-1', 'mnist', 0.987), null)).toBe(
      'Weights from run run-1 (98.7% on the MNIST test set), which is no longer kept.',
    );
    expect(originText(origin(null, null, null), null)).toBe(
      'Weights from the file, not from a run kept here.',
    );
  });
});
