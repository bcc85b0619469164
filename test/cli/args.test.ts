import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/train/args';
import { clock, progressLine, resultLine } from '../../src/cli/train/format';

describe('parseCliArgs', () => {
  it('turns flags into settings, leaving out what was not given', () => {
    const options = parseCliArgs([
      'm.json',
      '--dataset',
      'digits',
      '--epochs',
      '3',
      '--batch',
      '32',
      '--optimizer',
      'sgd',
      '--lr',
      '0.05',
      '--schedule',
      'cosine',
      '--warmup',
      '100',
      '--seed',
      '7',
      '--threads',
      '2',
      '--augment',
      '--out',
      'trained.json',
      '--runs',
      'runs',
    ]);
    expect(options).toEqual({
      help: false,
      models: ['m.json'],
      out: 'trained.json',
      runs: 'runs',
      datasets: null,
      settings: {
        dataset: 'digits',
        epochs: 3,
        batchSize: 32,
        optimizer: { type: 'sgd', learningRate: 0.05 },
        schedule: { type: 'cosine', warmupSteps: 100 },
        seed: 7,
        threads: 2,
        augment: true,
      },
    });
    expect(parseCliArgs(['m.json']).settings).toEqual({});
    expect(parseCliArgs(['a.json', 'b.json', '--runs', 'r']).models).toEqual(['a.json', 'b.json']);
    expect(parseCliArgs(['m.json', '--lr', '1e-3']).settings).toEqual({
      optimizer: { learningRate: 0.001 },
    });
  });

  it.each([
    [['m.json', '--bogus'], 'unknown option --bogus (see --help)'],
    [['m.json', '--epochs'], 'option --epochs needs a value'],
    [['m.json', '--epochs', '0'], '--epochs must be a whole number from 1 to 10000, got "0"'],
    [['m.json', '--batch', '2.5'], '--batch must be a whole number from 1 to 4096, got "2.5"'],
    [['m.json', '--lr=-1'], '--lr must be above 0, got "-1"'],
    [['m.json', '--lr', 'fast'], '--lr must be above 0, got "fast"'],
    [['m.json', '--seed='], '--seed must be a whole number from 0 to 4294967295, got ""'],
    [['m.json', '--warmup', '2e6'], '--warmup must be a whole number from 0 to 1000000, got "2e6"'],
    [
      ['m.json', '--schedule', 'linear'],
      '--schedule must be one of constant, step, cosine, got "linear"',
    ],
    [
      ['m.json', '--lr', '-1'],
      'option --lr needs a value; write --lr=-… for one starting with "-"',
    ],
    [['m.json', '--augment=yes'], 'option --augment takes no value'],
    [
      ['m.json', '--dataset', 'cifar'],
      '--dataset must be one of mnist, digits, shapes, got "cifar"',
    ],
    [
      ['m.json', '--optimizer', 'rmsprop'],
      '--optimizer must be one of sgd, adam, adamw, got "rmsprop"',
    ],
    [[], 'give the model document to train, e.g. npm run train -- examples/lenet5.json'],
    [
      ['a.json', 'b.json', '--out', 't.json'],
      '--out names one file but 2 models train; keep them all with --runs DIR',
    ],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('CLI formatting', () => {
  it('formats clocks, progress and the result line', () => {
    expect(clock(75)).toBe('1:15');
    expect(clock(3725)).toBe('1:02:05');
    const progress = {
      type: 'progress',
      step: 430,
      totalSteps: 860,
      epoch: 1,
      epochs: 1,
      loss: 0.12345,
      accuracy: 0.96875,
      learningRate: 0.001,
      samplesPerSecond: 612.4,
      etaSeconds: 52,
    } as const;
    expect(progressLine(progress, true)).toBe(
      'epoch 1/1  [############------------]  step 430/860  loss 0.1235  acc 96.88%  612 img/s  ETA 0:52',
    );
    expect(progressLine(progress, false)).not.toContain('[');
    expect(
      resultLine({
        type: 'finished',
        reason: 'completed',
        message: null,
        step: 860,
        epochs: 1,
        test: { loss: 0.03, accuracy: 0.9891, correct: 9891, count: 10000 },
        confusion: null,
        seconds: 9.63,
      }),
    ).toBe('test accuracy: 98.91% (9891/10000) in 9.6 s');
  });
});
