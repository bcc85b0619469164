// PyTorch export, run by real PyTorch when a python3 with torch is present: model.py predicts what
// the engine predicts from weights.json and from weights.safetensors, its submodules are named
// after the node ids, train.py takes the settings the app would train with, and it trains, alone
// and under torchrun with DDP over gloo.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  createOptimizer,
  parseModel,
  type ModelDocument,
  type Network,
} from '../../src/engine/index';
import { parseIdx, standardization, type Normalization } from '../../src/engine/datasets/index';
import { exportPytorch } from '../../src/engine/export/index';
import { pythonNames } from '../../src/engine/export/pytorch/names';
import { learningRateAt, type SchedulePlan } from '../../src/engine/train/schedule';
import { defaultsFor } from '../../src/engine/train/defaults';
import { resolveSettings } from '../../src/engine/train/settings';
import { chain } from '../engine/models';
import { writeMnistSubset } from './mnist';
import { exportedModels, maxAbsDiff, randomInput, randomNetwork, templates } from './models';
import { runPython, torchPython } from './python';
import { reportDiffs } from './report';
import { readSafetensors } from './safetensorsFile';

const python = torchPython();
if (!python) {
  console.log(
    'PyTorch export tests skipped: no python3 with torch ($PYTHON, python3, /usr/bin/python3); ' +
      'install python3-torch to run them.',
  );
}

const BATCH = 3;
const PREDICT = fileURLToPath(new URL('pytorch_predict.py', import.meta.url));
const SETTINGS = fileURLToPath(new URL('pytorch_settings.py', import.meta.url));

/** Every template, plus ids that are keywords, nn.Module attributes, or not identifiers at all. */
const cases = [
  ...exportedModels(),
  {
    name: 'awkward ids',
    doc: chain(
      [1, 6, 6],
      [
        { id: 'class', type: 'conv2d', params: { filters: 2, kernelSize: 3, activation: 'relu' } },
        { id: '1st', type: 'batchnorm' },
        { id: 'train', type: 'flatten' },
        { id: 'a-b', type: 'dense', params: { units: 4 } },
        { id: 'forward', type: 'dropout' },
        { id: 'torch', type: 'dense', params: { units: 3, activation: 'softmax' } },
      ],
    ),
  },
];

let work = '';
const measured: Record<string, number> = {};
const measuredSafetensors: Record<string, number> = {};

function writeExport(network: Network, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(exportPytorch(network)))
    writeFileSync(join(dir, file), content);
}

/** The renames model.py's docstring lists, `"id" -> name`, by id. */
function renamesOf(modelPy: string): Map<string, string> {
  return new Map(
    [...modelPy.matchAll(/^ {4}"(.+)" -> (\w+)$/gm)].map(([, id, name]) => [id, name]),
  );
}

/** How torch's modules name the document's tensors in a state_dict. */
const TORCH_NAMES: Record<string, string> = {
  weight: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  runningMean: 'running_mean',
  runningVar: 'running_var',
};

/** Node types computed inline in forward, without a submodule. */
const INLINE = new Set(['input', 'add', 'multiply', 'concat']);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cnn-studio-pytorch-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  reportDiffs('PyTorch', measured);
  reportDiffs('PyTorch from weights.safetensors', measuredSafetensors, 'weights.json');
});

describe('PyTorch names', () => {
  it('keeps ids that are Python names and renames the rest uniquely', () => {
    const names = pythonNames(['in', 'c1', 'a-b', 'a_b', '1st', 'train', '_x', 'x', 'scores']);
    expect(Object.fromEntries(names)).toEqual({
      in: 'in_',
      c1: 'c1',
      'a-b': 'a_b2',
      a_b: 'a_b',
      '1st': 'n_1st',
      train: 'train_',
      _x: 'x2',
      x: 'x',
      scores: 'scores_',
    });
  });
});

describe('PyTorch weights.safetensors', () => {
  for (const { name, doc } of cases) {
    it(`${name}: holds weights.json's tensors bit for bit, under their state_dict names`, () => {
      const files = exportPytorch(randomNetwork(doc));
      const renames = renamesOf(files['model.py']);
      const { weights } = parseModel(JSON.parse(files['weights.json']));
      const expected = Object.entries(weights).flatMap(([id, tensors]) =>
        Object.entries(tensors).map(([tensor, { shape, data }]) => [
          `${renames.get(id) ?? id}.${TORCH_NAMES[tensor]}`,
          { dtype: 'F32', shape, values: data },
        ]),
      );
      const { tensors, metadata } = readSafetensors(files['weights.safetensors']);
      expect(tensors).toMatchObject(Object.fromEntries(expected));
      expect(Object.keys(tensors)).toHaveLength(expected.length);
      expect(metadata).toEqual({ format: 'pt', producer: 'CNN Studio' });
    });
  }
});

describe.skipIf(!python)('PyTorch export, run by torch', () => {
  interface Run {
    network: Network;
    x: Float32Array;
    /** The outputs with the weights of weights.json and of weights.safetensors. */
    y: Float32Array;
    ySafetensors: Float32Array;
    /** [name for name, _ in Model().named_children()], and the ids Python cannot take as names. */
    names: { children: string[]; unusable: string[] };
    modelPy: string;
  }
  const outputs = new Map<string, Run>();
  const floats = (file: string) => new Float32Array(Uint8Array.from(readFileSync(file)).buffer);

  beforeAll(() => {
    const dirs = cases.map(({ name, doc }, i) => {
      const network = randomNetwork(doc);
      const x = randomInput(network, BATCH);
      const dir = join(work, `predict-${i}`);
      writeExport(network, dir);
      writeFileSync(join(dir, 'input.bin'), new Uint8Array(x.buffer));
      writeFileSync(
        join(dir, 'input.json'),
        JSON.stringify({ shape: [BATCH, ...network.inputShape] }),
      );
      return { name, network, x, dir };
    });
    runPython(python!, [PREDICT, ...dirs.map((d) => d.dir)], work);
    for (const { name, network, x, dir } of dirs) {
      outputs.set(name, {
        network,
        x,
        y: floats(join(dir, 'output.bin')),
        ySafetensors: floats(join(dir, 'output-safetensors.bin')),
        names: JSON.parse(readFileSync(join(dir, 'names.json'), 'utf8')) as Run['names'],
        modelPy: readFileSync(join(dir, 'model.py'), 'utf8'),
      });
    }
  });

  for (const { name } of cases) {
    it(`${name}: model.py predicts within 1e-4 of the engine`, () => {
      const { network, x, y } = outputs.get(name)!;
      const diff = maxAbsDiff(network.predict(x, BATCH), y);
      measured[name] = diff;
      expect(diff).toBeLessThanOrEqual(1e-4);
    });

    it(`${name}: load_weights of weights.safetensors predicts what weights.json gives, bitwise`, () => {
      const { y, ySafetensors } = outputs.get(name)!;
      measuredSafetensors[name] = maxAbsDiff(ySafetensors, y);
      expect(ySafetensors).toEqual(y);
    });

    it(`${name}: the submodules are the node ids with a layer, in order, renamed as listed`, () => {
      const { network, names, modelPy } = outputs.get(name)!;
      const renames = renamesOf(modelPy);
      const expected = network.spec.order
        .filter((id) => !INLINE.has(network.spec.nodes.find((n) => n.id === id)!.type))
        .map((id) => renames.get(id) ?? id);
      expect(names.children).toEqual(expected);
      // Exactly the ids Python cannot take as names are renamed.
      expect([...renames.keys()].sort()).toEqual(names.unusable.sort());
    });
  }

  const settingsCases: [string, Record<string, unknown> | undefined][] = [
    ['no training settings (the defaults)', undefined],
    [
      'sgd with a step schedule',
      {
        batchSize: 16,
        epochs: 3,
        seed: 7,
        augment: true,
        optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.8, weightDecay: 5e-4 },
        schedule: { type: 'step', everyEpochs: 2, gamma: 0.5, warmupSteps: 10 },
      },
    ],
    [
      'adamw with a cosine schedule',
      {
        epochs: 2,
        optimizer: { type: 'adamw', learningRate: 0.003, beta1: 0.85, epsilon: 1e-7 },
        schedule: { type: 'cosine', minFactor: 0.1 },
      },
    ],
    ['adam with its defaults', { optimizer: { type: 'adam' }, schedule: { type: 'constant' } }],
    ['sgd with a learning rate alone', { optimizer: { type: 'sgd', learningRate: 0.02 } }],
  ];

  interface TrainPySettings {
    batchSize: number;
    epochs: number;
    seed: number;
    learningRate: number;
    augment: boolean;
    optimizer: string;
    defaults: Record<string, unknown>;
    plan: SchedulePlan;
    rates: number[];
  }

  /** torch.optim's class and settings for the engine's optimizer and settings. */
  function torchOptimizer(type: string, o: Readonly<Record<string, number | boolean>>) {
    if (type === 'sgd') {
      const { learningRate: lr, momentum, nesterov, weightDecay: weight_decay } = o;
      return { optimizer: 'SGD', defaults: { lr, momentum, nesterov, weight_decay, dampening: 0 } };
    }
    const { learningRate: lr, beta1, beta2, epsilon: eps, weightDecay: weight_decay } = o;
    return {
      optimizer: type === 'adamw' ? 'AdamW' : 'Adam',
      defaults: { lr, betas: [beta1, beta2], eps, weight_decay, amsgrad: false },
    };
  }

  it('train.py has the hyperparameters the app resolves for the document', () => {
    const doc = templates().find((t) => t.name === 'mlp')!.doc;
    const dirs = settingsCases.map(([, training], i) => {
      const dir = join(work, `settings-${i}`);
      writeExport(createNetwork(parseModel({ ...doc, ...(training ? { training } : {}) })), dir);
      return dir;
    });
    const lines = runPython(python!, [SETTINGS, ...dirs], work)
      .trim()
      .split('\n');
    settingsCases.forEach(([what, training], i) => {
      const read = JSON.parse(lines[i]) as TrainPySettings;
      // What the training worker would train this document with.
      const app = resolveSettings(training);
      const { type, ...settings } = app.optimizer;
      const options = createOptimizer(type, 0, settings).options;
      expect(read, what).toMatchObject({
        batchSize: app.batchSize,
        epochs: app.epochs,
        seed: app.seed,
        augment: app.augment,
        learningRate: options.learningRate,
        ...torchOptimizer(type, options),
      });
      // Python's math.cos may differ from JavaScript's in the last bit.
      const base = options.learningRate as number;
      const worst = Math.max(
        ...read.rates.map((rate, step) =>
          Math.abs(rate - learningRateAt(app.schedule, base, step, read.plan)),
        ),
      );
      expect(worst, what).toBeLessThanOrEqual(1e-12 * base);
    });
    // With no training section, train.py's values are the defaults table's for MNIST.
    const table = defaultsFor('mnist');
    expect(JSON.parse(lines[0]) as TrainPySettings).toMatchObject({
      batchSize: table.batchSize,
      epochs: table.epochs,
      seed: table.seed,
      augment: table.augment,
      learningRate: table.optimizer.learningRate,
      optimizer: 'SGD',
      defaults: { momentum: table.optimizer.momentum, nesterov: table.optimizer.nesterov },
    });
    expect(table.schedule).toEqual({ type: 'cosine', minFactor: 0, warmupSteps: 200 });
    const warmed = JSON.parse(lines[0]) as TrainPySettings;
    expect(warmed.rates[0]).toBe(table.optimizer.learningRate / 200);
  });

  /** Exports a template with training settings, and a tiny MNIST beside it. */
  function trainingSetup(template: string, folder: string, training: Record<string, unknown>) {
    const doc = exportedModels().find((t) => t.name === template)!.doc;
    const network = createNetwork(parseModel({ ...doc, training }));
    const dir = join(work, folder);
    writeExport(network, dir);
    const data = join(dir, 'mnist');
    mkdirSync(data);
    writeMnistSubset(data, 64, 32);
    const args = ['train.py', '--data', data, '--steps', '3', '--out', 'trained.json'];
    return { network, dir, data, args };
  }

  /** The trained document opens in CNN Studio, with weights that moved. */
  function trained(network: Network, dir: string) {
    const doc = JSON.parse(readFileSync(join(dir, 'trained.json'), 'utf8')) as ModelDocument;
    const reopened = createNetwork(parseModel(doc));
    expect(maxAbsDiff(reopened.parameters, network.parameters)).toBeGreaterThan(0);
    expect(reopened.parameters.every(Number.isFinite)).toBe(true);
    return doc;
  }

  it('train.py trains a few steps with a schedule, augmentation and a validation hold-out', () => {
    const { network, dir, data, args } = trainingSetup('lenet5-classic', 'train', {
      batchSize: 16,
      seed: 3,
      optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
      schedule: { type: 'cosine', warmupSteps: 2, minFactor: 0.1 },
      augment: true,
    });
    const out = runPython(python!, [...args, '--validation', '16'], dir);
    expect(out).toMatch(/training on 1 process\(es\)/);
    expect(out).toMatch(/epoch 1 validation accuracy: [\d.]+% \(\d+\/16\)/);
    expect(out).toMatch(/test accuracy: [\d.]+% \(\d+\/32\)/);
    // The document records the normalisation, computed as CNN Studio computes it.
    const images = parseIdx(readFileSync(join(data, 'train-images-idx3-ubyte')), 'train');
    const expected = standardization({
      images: images.data.subarray(0, 48 * 28 * 28),
      labels: new Uint8Array(48),
      count: 48,
    });
    const recorded = trained(network, dir).training?.normalization as Normalization;
    expect(recorded.kind).toBe('standardize');
    expect(recorded.mean).toBeCloseTo(expected.mean, 12);
    expect(recorded.std).toBeCloseTo(expected.std, 12);
  });

  it('train.py trains a model of every new layer: groups, ceil mode, layer norm, multiply, ReLU6, SiLU, GELU', () => {
    const { network, dir, args } = trainingSetup('lineage', 'train-lineage', {
      batchSize: 8,
      optimizer: { type: 'adamw', learningRate: 0.01 },
    });
    const out = runPython(python!, [...args, '--validation', '8'], dir);
    expect(out).toMatch(/epoch 1 validation accuracy: [\d.]+% \(\d+\/8\)/);
    expect(out).toMatch(/test accuracy: [\d.]+% \(\d+\/32\)/);
    const reopened = createNetwork(parseModel(trained(network, dir)));
    // Every trainable tensor moved, layer norms' and the grouped convolution's included.
    for (const slot of network.slots.filter((s) => s.trainable)) {
      const before = network.tensor(slot.nodeId, slot.name);
      const after = reopened.tensor(slot.nodeId, slot.name);
      expect(maxAbsDiff(before, after), `${slot.nodeId}.${slot.name}`).toBeGreaterThan(0);
    }
  });

  it('train.py runs unchanged under torchrun --nproc_per_node=2 (DDP, gloo)', async () => {
    const { network, dir, args } = trainingSetup('resnet-small', 'torchrun', {
      batchSize: 16,
      normalization: { kind: 'standardize', mean: 0.13, std: 0.31 },
      schedule: { type: 'step', everyEpochs: 1, gamma: 0.5 },
    });
    const port = await freePort();
    // `python -m torch.distributed.run` is the torchrun command, without relying on PATH. Debian's
    // torch 1.13 on Python 3.11 cannot parse torchrun's default --redirects/--tee of 0 (its Std
    // enum lost the zero member); 1 (stdout, teed to the console) parses everywhere.
    const torchrun = [
      '-m',
      'torch.distributed.run',
      '--nproc_per_node=2',
      '--redirects=1',
      '--tee=1',
    ];
    const rendezvous = ['--master_addr=127.0.0.1', `--master_port=${port}`];
    const out = runPython(python!, [...torchrun, ...rendezvous, ...args, '--validation', '0'], dir);
    expect(out).toMatch(/training on 2 process\(es\), cpu, 8 samples each per step/);
    expect(out).toMatch(/test accuracy:/);
    expect(trained(network, dir).training?.normalization).toEqual({
      kind: 'standardize',
      mean: 0.13,
      std: 0.31,
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
