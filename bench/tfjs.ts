import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { rate, type Rate } from './timing';

// TF.js peers: LeNet-5 (relu, maxpool) written with its ops, NHWC as TF.js prefers, trained
// with softmax cross-entropy and SGD momentum, on the cpu and wasm backends.

export interface PeerResult {
  train: Rate;
  inference: Rate;
}

function lenet5() {
  const he = (shape: number[], fanIn: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', 1));
  const w = {
    c1: he([5, 5, 1, 6], 25),
    b1: tf.variable(tf.zeros([6])),
    c2: he([5, 5, 6, 16], 150),
    b2: tf.variable(tf.zeros([16])),
    f1: he([400, 120], 400),
    g1: tf.variable(tf.zeros([120])),
    f2: he([120, 84], 120),
    g2: tf.variable(tf.zeros([84])),
    f3: he([84, 10], 84),
    g3: tf.variable(tf.zeros([10])),
  };
  const forward = (x: tf.Tensor4D): tf.Tensor2D => {
    const c1 = tf.relu(tf.conv2d(x, w.c1 as tf.Tensor4D, 1, 'same').add(w.b1)) as tf.Tensor4D;
    const p1 = tf.maxPool(c1, 2, 2, 'valid');
    const c2 = tf.relu(tf.conv2d(p1, w.c2 as tf.Tensor4D, 1, 'valid').add(w.b2)) as tf.Tensor4D;
    const p2 = tf.maxPool(c2, 2, 2, 'valid').reshape([x.shape[0], 400]) as tf.Tensor2D;
    const h1 = tf.relu(p2.matMul(w.f1 as tf.Tensor2D).add(w.g1)) as tf.Tensor2D;
    const h2 = tf.relu(h1.matMul(w.f2 as tf.Tensor2D).add(w.g2)) as tf.Tensor2D;
    return h2.matMul(w.f3 as tf.Tensor2D).add(w.g3);
  };
  return { forward, variables: Object.values(w) };
}

/**
 * Training steps and inference on one backend. The cpu backend takes seconds per step, so it is
 * timed over single calls (one warm-up, three repeats).
 */
export async function tfjsLenet(
  backend: 'cpu' | 'wasm',
  batch: number,
  inferBatch: number,
): Promise<PeerResult> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = lenet5();
  const optimizer = tf.train.momentum(0.01, 0.9);
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
  const labels = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 5) as tf.Tensor1D, 10);
  const xi = tf.randomUniform([inferBatch, 28, 28, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
  const slow = backend === 'cpu';
  const options = slow ? { warmupSeconds: 0, repeatSeconds: 0, repeats: 3 } : {};
  const step = () =>
    tf.tidy(() => {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, model.forward(x)) as tf.Scalar,
        true,
        model.variables,
      );
      loss!.dataSync();
    });
  const train = rate(step, batch, options);
  const infer = () => tf.tidy(() => void model.forward(xi).dataSync());
  const inference = rate(infer, inferBatch, options);
  for (const t of [x, labels, xi, ...model.variables]) t.dispose();
  optimizer.dispose();
  return { train, inference };
}
