import * as tf from '@tensorflow/tfjs';

// TF.js's wasm backend (4.22) has no Conv2DBackpropFilter (tfjs issue 8474), so as shipped it
// cannot train a convolution. This registers one made of that backend's own kernels:
// dW[kh, kw, Cin, Cout] = Σ_n x ⋆ dy is itself a convolution, of x with the batch as its channels
// (xᵀ [Cin, H, W, N]) by dy as a filter (dyᵀ [outH, outW, N, Cout]), with the forward padding.
// Stride 1 only, which is all LeNet-5 needs.

type Info = tf.TensorInfo;

export function registerWasmConvFilterGrad(): void {
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc({ inputs, backend: anyBackend, attrs }) {
      const backend = anyBackend as tf.KernelBackend;
      const { x, dy } = inputs as { x: Info; dy: Info };
      const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: [number, number] | number;
        pad: 'same' | 'valid' | number;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        filterShape: [number, number, number, number];
      };
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      if (info.strideHeight !== 1 || info.strideWidth !== 1) {
        throw new Error('this Conv2DBackpropFilter handles stride 1 only');
      }
      const run = (name: string, ins: Record<string, Info>, at: Record<string, unknown>) =>
        tf.getKernel(name, 'wasm').kernelFunc({
          inputs: ins,
          backend,
          attrs: at as tf.NamedAttrMap,
        }) as Info;
      const { top, bottom, left, right } = info.padInfo;
      const xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] });
      const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
      const grad = run(
        'Conv2D',
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dilations: [1, 1],
          dataFormat: 'NHWC',
        },
      );
      const dW = run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
      for (const t of [xT, dyT, grad]) backend.disposeData(t.dataId);
      return dW;
    },
  });
}

/** The largest |wasm − cpu| of the filter gradient on LeNet-5's two convolutions, over max |cpu|. */
export async function checkAgainstCpu(): Promise<number> {
  let worst = 0;
  const cases: [number[], number[], 'same' | 'valid'][] = [
    [[8, 28, 28, 1], [5, 5, 1, 6], 'same'],
    [[8, 14, 14, 6], [5, 5, 6, 16], 'valid'],
  ];
  for (const [xShape, wShape, pad] of cases) {
    const gradOn = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.randomUniform(xShape, -1, 1, 'float32', 1);
        const w = tf.randomUniform(wShape, -1, 1, 'float32', 2);
        const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad);
        const dy = tf.randomUniform(y.shape, -1, 1, 'float32', 3);
        const g = tf.grad((v: tf.Tensor) =>
          tf
            .conv2d(x as tf.Tensor4D, v as tf.Tensor4D, 1, pad)
            .mul(dy)
            .sum(),
        );
        return g(w).dataSync().slice();
      });
    };
    const cpu = await gradOn('cpu');
    const wasm = await gradOn('wasm');
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < cpu.length; i++) {
      scale = Math.max(scale, Math.abs(cpu[i]));
      diff = Math.max(diff, Math.abs(wasm[i] - cpu[i]));
    }
    worst = Math.max(worst, diff / scale);
  }
  return worst;
}
