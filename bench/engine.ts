import { createNetwork, parseModel, sgd } from '../src/engine/index';
import type { Kernels } from '../src/engine/kernels';
import { Random } from '../src/engine/random';
import { lenet5 } from '../test/engine/models';
import { rate, type Rate } from './timing';

// Our engine on LeNet-5: a training step is forward, backward and an SGD-momentum update of a
// batch; inference is a forward pass in inference mode.

export interface EngineResult {
  train: Rate;
  inference: Rate;
}

export async function engineLenet(
  kernels: () => Promise<Kernels>,
  batch: number,
  inferBatch: number,
): Promise<EngineResult> {
  const spec = parseModel(lenet5());
  const random = new Random(1);
  const net = createNetwork(spec, { seed: 1, kernels: await kernels() });
  const x = new Float32Array(batch * 784).map(() => random.float());
  const labels = Int32Array.from({ length: batch }, () => random.int(10));
  const optimizer = sgd(net.parameters.length, { learningRate: 0.01, momentum: 0.9 }, net.kernels);
  const train = rate(() => {
    net.zeroGradients();
    net.forward(x, batch, true);
    net.backward(labels, batch);
    optimizer.update(net.parameters, net.gradients);
  }, batch);
  // A network of its own, so the training buffers' size is not what inference is timed with.
  const inferNet = createNetwork(spec, { seed: 1, kernels: await kernels() });
  const xi = new Float32Array(inferBatch * 784).map(() => random.float());
  const inference = rate(() => inferNet.forward(xi, inferBatch, false), inferBatch);
  return { train, inference };
}
