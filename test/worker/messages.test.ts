import { describe, expect, it } from 'vitest';
import { parseCommand, parseEvent } from '../../src/shared/protocol';
import { defaultsFor } from '../../src/engine/train/defaults';
import { MAX_EPOCHS } from '../../src/engine/train/limits';
import { resolveSettings } from '../../src/engine/train/settings';
import { settingsForLoad } from '../../src/worker/settings';

// The protocol's validation and the settings merge, in process.

describe('parseCommand', () => {
  it('accepts every well-formed command', () => {
    const commands = [
      { type: 'load', id: 1, model: {}, settings: { dataset: 'digits', epochs: 3 } },
      { type: 'start' },
      { type: 'pause', id: 2 },
      { type: 'resume' },
      { type: 'stop' },
      { type: 'setHyperparameters', learningRate: 0.5, augment: false },
      { type: 'getWeights' },
      { type: 'getKernels', layer: 'c1', epoch: 0 },
      { type: 'getFeatureMaps', source: { kind: 'sample', split: 'test', index: 3 } },
      {
        type: 'getFeatureMaps',
        source: { kind: 'image', image: { width: 1, height: 2, pixels: new Uint8Array(2) } },
      },
      { type: 'predict', image: { width: 2, height: 1, pixels: new Uint8Array(2) } },
      { type: 'getConfusion' },
      { type: 'getMisclassified', trueClass: 1, predictedClass: 7, limit: 10 },
      { type: 'getSamples', split: 'train', indices: [0, 5] },
    ];
    for (const command of commands) expect(parseCommand(command)).toMatchObject({ success: true });
  });

  it('asks for checkpoints up to the longest run the settings allow, and no further', () => {
    const kernels = (epoch: number) => parseCommand({ type: 'getKernels', layer: 'c1', epoch });
    const longest = { type: 'load', model: {}, settings: { epochs: MAX_EPOCHS } };
    expect(MAX_EPOCHS).toBe(10_000);
    expect(parseCommand(longest)).toMatchObject({ success: true });
    expect(kernels(MAX_EPOCHS)).toMatchObject({ success: true });
    expect(kernels(MAX_EPOCHS + 1)).toMatchObject({ success: false });
    expect(parseCommand({ ...longest, settings: { epochs: MAX_EPOCHS + 1 } })).toMatchObject({
      success: false,
    });
  });

  it.each([
    [{ type: 'load', id: 3, settings: { epochs: 0 } }, 'model', /load: model is required/],
    [
      { type: 'load', model: {}, settings: { epochs: 0 } },
      'settings.epochs',
      'load: settings.epochs must be a whole number from 1 to 10000, got 0',
    ],
    [{ type: 'load', model: {}, settings: { epoch: 2 } }, 'settings.epoch', /unknown field/],
    [
      { type: 'load', model: {}, settings: { dataset: 'cifar' } },
      'settings.dataset',
      'load: settings.dataset must be one of mnist, digits, shapes, got "cifar"',
    ],
    [
      { type: 'load', model: {}, settings: { optimizer: { momentum: 'high' } } },
      'settings.optimizer',
      /finite numbers or booleans/,
    ],
    [
      { type: 'setHyperparameters', learningRate: -1 },
      'learningRate',
      'setHyperparameters: learningRate must be above 0, got -1',
    ],
    [{ type: 'getSamples', split: 'train', indices: [1.5] }, 'indices.0', /integer/],
    [{ type: 'getKernels' }, 'layer', /getKernels: layer is required/],
    [{ type: 'start', id: 'x' }, 'id', /start: id must be number/],
  ])('rejects %j naming %s', (message, field, text) => {
    const parsed = parseCommand(message);
    if (parsed.success) throw new Error('expected a failure');
    expect(parsed.error.field).toBe(field);
    expect(parsed.error.message).toMatch(text);
  });

  it('keeps the id of a malformed command so its sender hears back', () => {
    const parsed = parseCommand({ type: 'getKernels', id: 9 });
    expect(parsed).toMatchObject({ success: false, error: { id: 9, command: 'getKernels' } });
  });
});

describe('parseEvent', () => {
  it('refuses number lists where typed arrays belong', () => {
    const event = {
      type: 'prediction',
      id: 1,
      probabilities: [0.5, 0.5],
      predicted: 0,
    };
    const parsed = parseEvent(event);
    expect(parsed).toMatchObject({ success: false, error: { field: 'probabilities' } });
    expect(parseEvent({ ...event, probabilities: Float32Array.of(0.5, 0.5) })).toMatchObject({
      success: true,
    });
  });
});

describe('resolveSettings', () => {
  it("takes the command over the document over the dataset's defaults", () => {
    const settings = resolveSettings(
      { dataset: 'digits', epochs: 4, batchSize: 16, note: 'kept by others' },
      { epochs: 2 },
    );
    expect(settings).toEqual({ ...defaultsFor('digits'), epochs: 2, batchSize: 16 });
    expect(settings.optimizer).toEqual({ type: 'adam', learningRate: 0.003 });
    // The command's dataset chooses the defaults too.
    expect(resolveSettings(undefined, { dataset: 'shapes' })).toEqual(defaultsFor('shapes'));
    expect(resolveSettings(undefined)).toEqual(defaultsFor('mnist'));
  });

  it('merges optimizer settings only while the type stays the same', () => {
    const training = { optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } };
    expect(resolveSettings(training, { optimizer: { learningRate: 0.05 } }).optimizer).toEqual({
      type: 'sgd',
      learningRate: 0.05,
      momentum: 0.9,
    });
    // Another type takes that optimizer's defaults for the dataset.
    expect(resolveSettings(training, { optimizer: { type: 'adam' } }).optimizer).toEqual({
      type: 'adam',
      learningRate: 0.001,
    });
    // Without a document optimizer, the default one is the base.
    expect(resolveSettings({}, { optimizer: { learningRate: 0.01 } }).optimizer).toEqual({
      type: 'sgd',
      learningRate: 0.01,
      momentum: 0.9,
      nesterov: true,
    });
  });

  it('names a bad document setting by its path', () => {
    expect(() => settingsForLoad({ batchSize: 'big' })).toThrow(
      'model.training.batchSize must be a whole number from 1 to 4096, got "big"',
    );
    expect(() => settingsForLoad({ schedule: { type: 'cosine', minFactor: 2 } })).toThrow(
      'model.training.schedule.minFactor must be from 0 to 1, got 2',
    );
  });
});
