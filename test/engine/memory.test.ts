import { describe, expect, it } from 'vitest';
import { generateShapes, SCALE, SHAPE_CLASSES, type Dataset } from '../../src/engine/datasets';
import {
  createNetwork,
  createOptimizer,
  inspectModel,
  ModelError,
  parseModel,
  type ModelDocument,
} from '../../src/engine/index';
import { createReferenceKernels } from '../../src/engine/kernels/reference';
import { MAX_PAGES } from '../../src/engine/kernels/wasm/generated/interface';
import {
  formatBytes,
  inspectionFootprint,
  MEMORY_LIMIT,
  memoryPlan,
} from '../../src/engine/memory';
import { optimizerStateSize } from '../../src/engine/optim';
import { Trainer } from '../../src/engine/train';
import { chain } from './models';

// A network's memory is planned before it is allocated: what does not fit is refused in words
// (how much, and what to change) as a ModelError, never a RangeError from an allocation.

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** Reference kernels that count the bytes they hand out. */
function countingKernels() {
  const kernels = createReferenceKernels();
  const counted = {
    ...kernels,
    bytes: 0,
    newFloat32: (n: number) => ((counted.bytes += 4 * n), kernels.newFloat32(n)),
    newInt32: (n: number) => ((counted.bytes += 4 * n), kernels.newInt32(n)),
    newFloat64: (n: number) => ((counted.bytes += 8 * n), kernels.newFloat64(n)),
  };
  return counted;
}

/** 1×128×128 into 64 filters of 3×3: 4 MiB of outputs per image, 640 weights. */
const wide = () =>
  chain(
    [1, 128, 128],
    [{ id: 'c', type: 'conv2d', params: { filters: 64, kernelSize: 3, padding: 'same' } }],
  );
const perImage = 128 * 128 + 64 * 128 * 128;

/** 1×8×8 through a convolution with a fused ReLU, pooling, layer norm and a dense layer. */
const layered = (): ModelDocument =>
  chain(
    [1, 8, 8],
    [
      { id: 'c', type: 'conv2d', params: { filters: 2, kernelSize: 3, activation: 'relu' } },
      { id: 'p', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'ln', type: 'layernorm' },
      { type: 'flatten' },
      { id: 'd', type: 'dense', params: { units: 3 } },
    ],
  );

describe('memory planned before it is allocated', () => {
  it('is the WebAssembly kernels’ memory', () => {
    expect(MEMORY_LIMIT).toBe(MAX_PAGES * 65536);
    expect(formatBytes(MEMORY_LIMIT)).toBe('2 GiB');
    expect(formatBytes(3 * 2 ** 20 + 2 ** 19)).toBe('3.5 MiB');
  });

  it('a 1×4096×4096 input into a 4096-filter 1×1 convolution is refused by createNetwork, naming the node', () => {
    const doc = chain(
      [1, 4096, 4096],
      [{ id: 'wide', type: 'conv2d', params: { filters: 4096, kernelSize: 1 } }],
    );
    const error = thrown(() => createNetwork(parseModel(doc)));
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems).toEqual([
      {
        nodeId: 'wide',
        message:
          'node "wide" (conv2d) outputs 4096×4096×4096 values (256 GiB) per image, and one image through the model needs 256 GiB; CNN Studio holds at most 2 GiB: make its output smaller (fewer filters or units, a stride or pooling before it, or a smaller input)',
      },
    ]);
  });

  it('weights too many to hold are refused in words', () => {
    const doc = chain(
      [64, 64, 64],
      [{ type: 'flatten' }, { id: 'huge', type: 'dense', params: { units: 1000000 } }],
    );
    expect(() => createNetwork(parseModel(doc))).toThrow(
      "the model's 262145000000 weights take 977 GiB, and one image through the model needs 977 GiB; CNN Studio holds at most 2 GiB: use fewer filters or units",
    );
  });

  it('an inference batch too large is refused with the largest that fits', () => {
    const net = createNetwork(parseModel(wide()), { kernels: 'reference' });
    // (2 GiB / 4 − 640 weights) / values per image
    const fits = Math.floor((2 ** 29 - 640) / perImage);
    expect(fits).toBe(504);
    expect(() => net.prepare({ batch: fits })).not.toThrow();
    const error = thrown(() => net.prepare({ batch: 1000 }));
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems).toEqual([
      {
        field: 'batchSize',
        message: `batchSize: inference on 1000 images at once needs ${formatBytes(4 * (640 + 1000 * perImage))}; CNN Studio holds at most 2 GiB: use a batch of at most 504`,
      },
    ]);
    expect(formatBytes(4 * (640 + 1000 * perImage))).toBe('3.97 GiB');
  });

  it('a training batch counts the gradients of the weights and of every output', () => {
    const net = createNetwork(parseModel(wide()), { kernels: 'reference' });
    const fits = Math.floor((2 ** 29 - 2 * 640) / (2 * perImage));
    expect(fits).toBe(252);
    expect(() => net.prepare({ trainingBatch: 253 })).toThrow(
      /^batchSize: training on 253 images at once needs 2\.01 GiB; CNN Studio holds at most 2 GiB: use a batch of at most 252$/,
    );
  });

  it('inference allocates no gradients; training adds those of the weights and of every output', () => {
    const doc = layered();
    const kernels = countingKernels();
    const net = createNetwork(parseModel(doc), { kernels });
    const weights = 2 * 9 + 2 + (2 + 2) + 3 * 18 + 3;
    expect(kernels.bytes).toBe(4 * weights);
    net.predict(new Float32Array(3 * 64), 3);
    // Outputs of in, c, c's relu, p, ln, flatten, d; then p's argmax, ln's x̂ and its 1/σ (float64).
    const outputs = 64 + 72 + 72 + 18 + 18 + 18 + 3;
    const kept = 18 + 18 + 2 * 9;
    expect(kernels.bytes).toBe(4 * (weights + 3 * (outputs + kept)));
    net.computeGradients(new Float32Array(3 * 64), [0, 1, 2], 3);
    expect(kernels.bytes).toBe(4 * (2 * weights + 3 * (2 * outputs + kept)));
  });

  it('memoryBytes is the plan: what the kernels hand out, by what it is for', () => {
    const kernels = countingKernels();
    const doc = layered();
    const net = createNetwork(parseModel(doc), { kernels });
    const inference = net.memoryBytes(3, { training: false });
    const training = net.memoryBytes(3);
    net.predict(new Float32Array(3 * 64), 3);
    expect(inference.total).toBe(kernels.bytes);
    net.computeGradients(new Float32Array(3 * 64), [0, 1, 2], 3);
    expect(training.total).toBe(kernels.bytes);
    const weights = 4 * (2 * 9 + 2 + (2 + 2) + 3 * 18 + 3);
    expect(inference).toEqual({
      weights,
      gradients: 0,
      optimizer: 0,
      activations: inference.total - weights,
      total: inference.total,
    });
    expect(training.weights).toBe(weights);
    expect(training.activations).toBe(inference.activations);
    expect(training.gradients).toBe(training.total - weights - inference.activations);

    const adam = createOptimizer('adam', net.parameters.length, {}, kernels);
    expect(optimizerStateSize('adam', net.parameters.length)).toBe(adam.stateSize);
    expect(optimizerStateSize('sgd', 10, { momentum: 0 })).toBe(0);
    expect(optimizerStateSize('sgd', 10, { momentum: 0.9 })).toBe(10);
    expect(net.memoryBytes(3, { optimizerState: adam.stateSize }).total).toBe(kernels.bytes);
    expect(() => net.memoryBytes(0)).toThrow('batch must be a whole number ≥ 1, got 0');
  });

  it('the editor plans the same bytes from an inspection, without building the network', () => {
    const doc = layered();
    const net = createNetwork(parseModel(doc), { kernels: 'reference' });
    const footprint = inspectionFootprint(inspectModel(doc))!;
    expect(memoryPlan(footprint, { batch: 64, trainingBatch: 64, optimizer: 0 })).toEqual(
      net.memoryBytes(64),
    );
    const broken = { ...doc, edges: doc.edges.slice(1) };
    expect(inspectionFootprint(inspectModel(broken))).toBeNull();
  });
});

describe('a trainer plans its memory when it is made', () => {
  const dataset: Dataset = {
    name: 'shapes',
    classes: [...SHAPE_CLASSES],
    channels: 1,
    height: 12,
    width: 12,
    train: generateShapes({ seed: 1, count: 8, size: 12 }),
    validation: generateShapes({ seed: 2, count: 8, size: 12 }),
    test: generateShapes({ seed: 3, count: 8, size: 12 }),
  };
  const doc = chain(
    [1, 12, 12],
    [
      {
        id: 'c',
        type: 'conv2d',
        params: { filters: 4096, kernelSize: 3, padding: 'same', activation: 'relu' },
      },
      { type: 'globalavgpool' },
      { type: 'dense', params: { units: 4 } },
    ],
  );
  const make = (batchSize: number) => {
    const network = createNetwork(parseModel(doc), { kernels: 'reference' });
    const optimizer = createOptimizer('adam', network.parameters.length);
    return () =>
      new Trainer({
        network,
        optimizer,
        dataset,
        normalization: SCALE,
        epochs: 1,
        batchSize,
        seed: 1,
      });
  };

  it('refuses a batch too large for memory, naming batchSize and the largest that fits', () => {
    // Weights, their gradients and Adam's two moments; per image, every output and its gradient.
    const weights = 4096 * 9 + 4096 + 4 * 4096 + 4;
    const outputs = 144 + 2 * 4096 * 144 + 4096 + 4;
    const fits = Math.floor((2 ** 29 - 4 * weights) / (2 * outputs));
    expect(fits).toBe(226);
    const error = thrown(make(4096));
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems).toEqual([
      {
        field: 'batchSize',
        message: `batchSize: training on 4096 images at once needs ${formatBytes(4 * (4 * weights + 4096 * 2 * outputs))}; CNN Studio holds at most 2 GiB: use a batch of at most 226`,
      },
    ]);
    expect(make(fits)).not.toThrow();
  });

  it('trains a batch that fits', () => {
    const trainer = make(64)();
    expect(trainer.advance()).toMatchObject({ type: 'step', samples: 8 });
  });
});
