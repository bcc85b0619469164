import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  createOptimizer,
  parseModel,
  type OptimizerType,
} from '../../src/engine/index';
import { argmaxRows } from '../../src/engine/loss';
import { generateShapes, SCALE, writeBatch, type Split } from '../../src/engine/datasets';
import { Random } from '../../src/engine/random';
import { shapesConvnet } from './models';

// A tiny real training run on the synthetic shapes (vertical bar, horizontal bar, square, cross).

const SIZE = 12;
const train = generateShapes({ seed: 1, count: 800, size: SIZE });
const test = generateShapes({ seed: 2, count: 200, size: SIZE });

const model = shapesConvnet(SIZE);

function accuracy(net: ReturnType<typeof createNetwork>, split: Split): number {
  const x = new Float32Array(split.count * SIZE * SIZE);
  writeBatch(
    split,
    SCALE,
    Array.from({ length: split.count }, (_, i) => i),
    0,
    split.count,
    x,
  );
  const predicted = new Int32Array(split.count);
  argmaxRows(net.predict(x, split.count), split.count, 4, predicted);
  return predicted.filter((p, i) => p === split.labels[i]).length / split.count;
}

function trainRun(
  type: OptimizerType,
  settings: Record<string, number>,
  epochs: number,
  seed: number,
) {
  const net = createNetwork(parseModel(model), { seed });
  const optimizer = createOptimizer(type, net.parameters.length, settings);
  const random = new Random(seed);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const batch = 32;
  const x = new Float32Array(batch * SIZE * SIZE);
  const labels = new Int32Array(batch);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    random.shuffle(order);
    let sum = 0;
    for (let start = 0; start + batch <= train.count; start += batch) {
      writeBatch(train, SCALE, order, start, batch, x);
      for (let i = 0; i < batch; i++) labels[i] = train.labels[order[start + i]];
      sum += net.computeGradients(x, labels, batch).loss;
      optimizer.update(net.parameters, net.gradients);
    }
    losses.push(sum / Math.floor(train.count / batch));
  }
  return { net, losses };
}

describe('a short training run on synthetic shapes learns', () => {
  it('with SGD (momentum 0.9): loss falls and test accuracy ≥ 95 %', () => {
    const { net, losses } = trainRun('sgd', { learningRate: 0.1, momentum: 0.9 }, 10, 1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 3);
    expect(accuracy(net, test)).toBeGreaterThanOrEqual(0.95);
  });

  it('with Adam: loss falls and test accuracy ≥ 95 %', () => {
    const { net, losses } = trainRun('adam', { learningRate: 0.01 }, 8, 1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 3);
    expect(accuracy(net, test)).toBeGreaterThanOrEqual(0.95);
  });

  it('same seed → bit-identical weights', () => {
    const a = trainRun('adam', { learningRate: 0.01 }, 1, 7).net.parameters;
    const b = trainRun('adam', { learningRate: 0.01 }, 1, 7).net.parameters;
    expect(b).toEqual(a);
    expect(trainRun('adam', { learningRate: 0.01 }, 1, 8).net.parameters).not.toEqual(a);
  });
});
