// Each operator and pattern issue #16 lists, in a small ONNX graph written here: the document it
// imports as (types and settings exactly), and what the engine then predicts against what
// onnxruntime-web computes on the same file.
import { describe, expect, it } from 'vitest';
import { createNetwork, importOnnx, parseModel, type ModelDocument } from '../../src/engine/index';
import {
  float,
  int,
  ints,
  normals,
  onnxBytes,
  op,
  relativeError,
  runOrt,
  uniforms,
  type OnnxSpec,
} from './onnxFiles';

const image = (c: number, h: number, w: number) => ({ name: 'x', dims: ['N', c, h, w] });
const layers = (doc: ModelDocument) => doc.nodes.map((n) => [n.type, n.params ?? {}]);

interface Case {
  name: string;
  spec: OnnxSpec;
  layers: [string, Record<string, unknown>][];
}

const W = (dims: number[], seed: number, scale = 0.3): [number[], Float32Array] => [
  dims,
  normals(
    dims.reduce((a, b) => a * b, 1),
    seed,
    scale,
  ),
];
const constant = (values: number[], dims = [values.length]): [number[], number[]] => [dims, values];

const cases: Case[] = [
  {
    name: 'Conv with pads, strides and dilations, then Relu, becomes one conv2d with its activation',
    spec: {
      input: image(2, 9, 8),
      output: 'y',
      nodes: [
        op('Conv', ['x', 'w', 'b'], 'c', [
          ints('kernel_shape', [3, 3]),
          ints('pads', [2, 1, 2, 1]),
          ints('strides', [2, 1]),
          ints('dilations', [2, 1]),
        ]),
        op('Relu', ['c'], 'y'),
      ],
      weights: { w: W([4, 2, 3, 3], 1), b: W([4], 2) },
    },
    layers: [
      ['input', { channels: 2, height: 9, width: 8 }],
      [
        'conv2d',
        {
          filters: 4,
          kernelSize: 3,
          stride: [2, 1],
          padding: [2, 1],
          dilation: [2, 1],
          activation: 'relu',
        },
      ],
    ],
  },
  {
    name: 'Conv without bias whose output is read twice keeps its Relu a layer of its own',
    spec: {
      input: image(1, 5, 5),
      output: 'y',
      nodes: [op('Conv', ['x', 'w'], 'c'), op('Relu', ['c'], 'r'), op('Add', ['c', 'r'], 'y')],
      weights: { w: W([3, 1, 2, 2], 3) },
    },
    layers: [
      ['input', { channels: 1, height: 5, width: 5 }],
      ['conv2d', { filters: 3, kernelSize: 2, useBias: false }],
      ['relu', {}],
      ['add', {}],
    ],
  },
  {
    name: 'Gemm with B not transposed and alpha, beta becomes dense; Softmax its activation',
    spec: {
      input: { name: 'x', dims: ['N', 6] },
      output: 'y',
      nodes: [
        op('Gemm', ['x', 'b', 'c'], 'g', [float('alpha', 0.5), float('beta', 2)]),
        op('Softmax', ['g'], 'y', [int('axis', 1)]),
      ],
      weights: { b: W([6, 4], 4), c: W([1, 4], 5) },
    },
    layers: [
      ['input', { channels: 1, height: 1, width: 6 }],
      ['flatten', {}],
      ['dense', { units: 4, activation: 'softmax' }],
    ],
  },
  {
    name: 'MatMul then Add of a constant becomes dense with that bias',
    spec: {
      input: image(2, 2, 2),
      output: 'y',
      nodes: [op('Flatten', ['x'], 'f'), op('MatMul', ['f', 'w'], 'm'), op('Add', ['m', 'b'], 'y')],
      weights: { w: W([8, 3], 6), b: W([3], 7) },
    },
    layers: [
      ['input', { channels: 2, height: 2, width: 2 }],
      ['flatten', {}],
      ['dense', { units: 3 }],
    ],
  },
  {
    name: 'MaxPool with pads, AveragePool counting them, Reshape to [N, -1], LeakyRelu, Tanh',
    spec: {
      input: image(2, 7, 7),
      output: 'y',
      nodes: [
        op('MaxPool', ['x'], 'p', [
          ints('kernel_shape', [3, 3]),
          ints('pads', [1, 1, 1, 1]),
          ints('strides', [2, 2]),
        ]),
        op('AveragePool', ['p'], 'a', [
          ints('kernel_shape', [2, 2]),
          ints('pads', [1, 1, 1, 1]),
          ints('strides', [1, 1]),
          int('count_include_pad', 1),
        ]),
        op('LeakyRelu', ['a'], 'l', [float('alpha', 0.2)]),
        op('Reshape', ['l', 'shape'], 'r'),
        op('Tanh', ['r'], 'y'),
      ],
      extraInitializers: [{ name: 'shape', dims: [2], dataType: 7, int64Data: [0, -1] }],
    },
    layers: [
      ['input', { channels: 2, height: 7, width: 7 }],
      ['maxpool2d', { poolSize: 3, stride: 2, padding: 1 }],
      ['avgpool2d', { poolSize: 2, stride: 1, padding: 1 }],
      ['leakyrelu', { alpha: 0.2 }],
      ['flatten', {}],
      ['tanh', {}],
    ],
  },
  {
    name: "Each channel gathered, scaled, shifted and joined again (GoogLeNet's transform_input) becomes a depthwise 1×1 conv2d",
    spec: {
      input: image(3, 4, 4),
      output: 'y',
      nodes: [
        ...[0, 1, 2].flatMap((c) => [
          op('Gather', ['x', `i${c}`], `g${c}`, [int('axis', 1)]),
          op('Unsqueeze', [`g${c}`, 'axis1'], `u${c}`),
        ]),
        op('Mul', ['u0', 's0'], 'm0'),
        op('Add', ['m0', 'b0'], 't0'),
        // Channel 1 only shifted, channel 2 with the constants first.
        op('Add', ['b1', 'u1'], 't1'),
        op('Mul', ['s2', 'u2'], 'm2'),
        op('Add', ['b2', 'm2'], 't2'),
        op('Concat', ['t0', 't1', 't2'], 'k', [int('axis', 1)]),
        op('Conv', ['k', 'w'], 'y'),
      ],
      weights: {
        s0: constant([0.458], []),
        b0: constant([-0.03], []),
        b1: constant([-0.088], []),
        s2: constant([0.45], []),
        b2: constant([-0.188], []),
        w: W([2, 3, 1, 1], 30),
      },
      extraInitializers: [
        ...[0, 1, 2].map((c) => ({ name: `i${c}`, dims: [], dataType: 7, int64Data: [c] })),
        { name: 'axis1', dims: [1], dataType: 7, int64Data: [1] },
      ],
    },
    layers: [
      ['input', { channels: 3, height: 4, width: 4 }],
      ['conv2d', { filters: 3, kernelSize: 1, groups: 3 }],
      ['conv2d', { filters: 2, kernelSize: 1, useBias: false }],
    ],
  },
  {
    name: 'BatchNormalization, Concat on the channels, a chain of Adds as one add, Dropout, GlobalAveragePool',
    spec: {
      input: image(2, 4, 4),
      output: 'y',
      nodes: [
        op('BatchNormalization', ['x', 'g', 'be', 'm', 'v'], 'n', [
          float('epsilon', 1e-3),
          float('momentum', 0.99),
        ]),
        op('Concat', ['x', 'n'], 'k', [int('axis', 1)]),
        op('Conv', ['k', 'w1'], 'c1'),
        op('Conv', ['k', 'w2'], 'c2'),
        op('Add', ['c1', 'c2'], 's1'),
        op('Conv', ['k', 'w3'], 'c3'),
        op('Add', ['s1', 'c3'], 's2'),
        op('Dropout', ['s2', 'ratio'], 'd'),
        op('Identity', ['d'], 'i'),
        op('GlobalAveragePool', ['i'], 'y'),
      ],
      weights: {
        g: uniformsOf([2], 8, 0.5, 1.5),
        be: W([2], 9),
        m: W([2], 10),
        v: uniformsOf([2], 11, 0.5, 2),
        w1: W([3, 4, 1, 1], 12),
        w2: W([3, 4, 1, 1], 13),
        w3: W([3, 4, 1, 1], 27),
        ratio: constant([0.25], []),
      },
    },
    layers: [
      ['input', { channels: 2, height: 4, width: 4 }],
      ['batchnorm', { epsilon: 0.001, momentum: 0.01 }],
      ['concat', {}],
      ['conv2d', { filters: 3, kernelSize: 1, useBias: false }],
      ['conv2d', { filters: 3, kernelSize: 1, useBias: false }],
      ['add', {}],
      ['conv2d', { filters: 3, kernelSize: 1, useBias: false }],
      ['dropout', { rate: 0.25 }],
      ['globalavgpool', {}],
    ],
  },
  {
    name: 'ReduceMean over H and W becomes globalavgpool',
    spec: {
      input: image(3, 4, 5),
      output: 'y',
      nodes: [
        op('Conv', ['x', 'w'], 'c'),
        op('ReduceMean', ['c'], 'y', [ints('axes', [2, 3]), int('keepdims', 0)]),
      ],
      weights: { w: W([2, 3, 1, 1], 25) },
    },
    layers: [
      ['input', { channels: 3, height: 4, width: 5 }],
      ['conv2d', { filters: 2, kernelSize: 1, useBias: false }],
      ['globalavgpool', {}],
    ],
  },
  {
    name: 'Grouped and depthwise Conv, Clip(0, 6) as relu6',
    spec: {
      input: image(4, 6, 6),
      output: 'y',
      nodes: [
        op('Conv', ['x', 'w1', 'b1'], 'c1', [int('group', 2), ints('pads', [1, 1, 1, 1])]),
        op('Clip', ['c1', 'lo', 'hi'], 'r1'),
        op('Conv', ['r1', 'w2'], 'c2', [int('group', 6)]),
        op('Clip', ['c2', 'lo', 'hi'], 'y'),
      ],
      weights: {
        w1: W([6, 2, 3, 3], 14),
        b1: W([6], 15),
        w2: W([6, 1, 3, 3], 16),
        lo: constant([0], []),
        hi: constant([6], []),
      },
    },
    layers: [
      ['input', { channels: 4, height: 6, width: 6 }],
      ['conv2d', { filters: 6, kernelSize: 3, padding: 1, groups: 2, activation: 'relu6' }],
      ['conv2d', { filters: 6, kernelSize: 3, groups: 6, useBias: false, activation: 'relu6' }],
    ],
  },
  {
    name: 'MaxPool and AveragePool in ceil mode',
    spec: {
      input: image(1, 8, 8),
      output: 'y',
      nodes: [
        op('Conv', ['x', 'w'], 'c'),
        op('MaxPool', ['c'], 'p', [
          ints('kernel_shape', [3, 3]),
          ints('strides', [2, 2]),
          int('ceil_mode', 1),
        ]),
        op('AveragePool', ['p'], 'y', [
          ints('kernel_shape', [2, 2]),
          ints('strides', [2, 2]),
          ints('pads', [1, 1, 1, 1]),
          int('count_include_pad', 1),
          int('ceil_mode', 1),
        ]),
      ],
      weights: { w: W([1, 1, 1, 1], 26) },
    },
    layers: [
      ['input', { channels: 1, height: 8, width: 8 }],
      ['conv2d', { filters: 1, kernelSize: 1, useBias: false }],
      ['maxpool2d', { poolSize: 3, stride: 2, ceilMode: true }],
      ['avgpool2d', { poolSize: 2, padding: 1, ceilMode: true }],
    ],
  },
  {
    name: 'x·Sigmoid(x) as silu; squeeze-and-excitation as globalavgpool → dense → … → multiply',
    spec: {
      input: image(4, 5, 5),
      output: 'y',
      nodes: [
        op('Conv', ['x', 'w0', 'b0'], 'c0', [ints('pads', [1, 1, 1, 1])]),
        op('Sigmoid', ['c0'], 's0'),
        op('Mul', ['c0', 's0'], 'a0'),
        op('GlobalAveragePool', ['a0'], 'g'),
        op('Conv', ['g', 'w1', 'b1'], 'f1'),
        op('Sigmoid', ['f1'], 's1'),
        op('Mul', ['s1', 'f1'], 'a1'),
        op('Conv', ['a1', 'w2', 'b2'], 'f2'),
        op('Sigmoid', ['f2'], 'gate'),
        op('Mul', ['a0', 'gate'], 'y'),
      ],
      weights: {
        w0: W([4, 4, 3, 3], 17),
        b0: W([4], 18),
        w1: W([2, 4, 1, 1], 19),
        b1: W([2], 20),
        w2: W([4, 2, 1, 1], 21),
        b2: W([4], 22),
      },
    },
    layers: [
      ['input', { channels: 4, height: 5, width: 5 }],
      ['conv2d', { filters: 4, kernelSize: 3, padding: 1, activation: 'silu' }],
      ['globalavgpool', {}],
      ['dense', { units: 2, activation: 'silu' }],
      ['dense', { units: 4, activation: 'sigmoid' }],
      ['multiply', {}],
    ],
  },
  {
    name: "PyTorch's exact GELU formula, and the one that halves first, as gelu",
    spec: {
      input: { name: 'x', dims: ['N', 5] },
      output: 'y',
      nodes: [
        op('Div', ['x', 'sqrt2'], 'd'),
        op('Erf', ['d'], 'e'),
        op('Add', ['e', 'one'], 'p'),
        op('Mul', ['x', 'p'], 'm'),
        op('Mul', ['m', 'half'], 'g1'),
        op('Mul', ['g1', 'half'], 'h'),
        op('Mul', ['g1', 'invsqrt2'], 'd2'),
        op('Erf', ['d2'], 'e2'),
        op('Add', ['one', 'e2'], 'p2'),
        op('Mul', ['h', 'p2'], 'y'),
      ],
      weights: {
        sqrt2: constant([Math.SQRT2], []),
        invsqrt2: constant([Math.SQRT1_2], []),
        one: constant([1], []),
        half: constant([0.5], []),
      },
    },
    layers: [
      ['input', { channels: 1, height: 1, width: 5 }],
      ['flatten', {}],
      ['gelu', {}],
      ['gelu', {}],
    ],
  },
  {
    name: 'the layer-norm chain over features, and over channels between Transposes (channels-first)',
    spec: {
      input: image(3, 2, 2),
      output: 'y',
      nodes: [
        // Channels-first, as ConvNeXt writes it: γ and β are [C, 1, 1] so they broadcast over H, W.
        ...layerNormChain('x', 't', [1], 'g311', 'b311', 'ln1'),
        op('Transpose', ['t'], 'nhwc', [ints('perm', [0, 2, 3, 1])]),
        ...layerNormChain('nhwc', 'u', [-1], 'g3', 'b3', 'ln2'),
        op('Transpose', ['u'], 'nchw', [ints('perm', [0, 3, 1, 2])]),
        op('Flatten', ['nchw'], 'f'),
        ...layerNormChain('f', 'y', [-1], '', '', 'ln3'),
      ],
      weights: {
        g3: [[3], uniforms(3, 23, 0.5, 1.5)],
        b3: W([3], 24),
        g311: [[3, 1, 1], uniforms(3, 25, 0.5, 1.5)],
        b311: W([3, 1, 1], 26),
        eps: constant([1e-6], []),
        two: constant([2], []),
      },
    },
    layers: [
      ['input', { channels: 3, height: 2, width: 2 }],
      ['layernorm', { epsilon: 1e-6 }],
      ['layernorm', { epsilon: 1e-6 }],
      ['flatten', {}],
      ['layernorm', { epsilon: 1e-6 }],
    ],
  },
];

/** x → (x − mean) / √(var + eps) · γ + β over `axes`, as PyTorch's opset-13 export writes it. */
function layerNormChain(
  x: string,
  y: string,
  axes: number[],
  gamma: string,
  beta: string,
  p: string,
) {
  const affine = gamma
    ? [op('Mul', [`${p}.n`, gamma], `${p}.s`), op('Add', [`${p}.s`, beta], y)]
    : [];
  return [
    op('ReduceMean', [x], `${p}.mean`, [ints('axes', axes)]),
    op('Sub', [x, `${p}.mean`], `${p}.d`),
    op('Pow', [`${p}.d`, 'two'], `${p}.sq`),
    op('ReduceMean', [`${p}.sq`], `${p}.var`, [ints('axes', axes)]),
    op('Add', [`${p}.var`, 'eps'], `${p}.ve`),
    op('Sqrt', [`${p}.ve`], `${p}.sd`),
    op('Div', [`${p}.d`, `${p}.sd`], gamma ? `${p}.n` : y),
    ...affine,
  ];
}

function uniformsOf(
  dims: number[],
  seed: number,
  lo: number,
  hi: number,
): [number[], Float32Array] {
  return [
    dims,
    uniforms(
      dims.reduce((a, b) => a * b, 1),
      seed,
      lo,
      hi,
    ),
  ];
}

describe('ONNX import: operators', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const bytes = onnxBytes(c.spec);
      const doc = importOnnx(bytes);
      expect(layers(doc)).toEqual(c.layers);
      const network = createNetwork(parseModel(doc));
      const batch = 2;
      const x = normals(batch * network.inputSize, 99);
      const dims = [batch, ...c.spec.input.dims.slice(1)] as number[];
      const expected = await runOrt(bytes, x, dims);
      expect(relativeError(network.predict(x, batch), expected)).toBeLessThan(1e-5);
    });
  }
});
