import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import { poolStride, type PoolConfig } from '../../layers/pooling';
import type { LayerType, NodeSpec } from '../../model/types';
import type { ExportGraph } from '../source';
import { pyPair } from './python';

// For each layer type: the torch.nn module the node becomes (null for nodes computed inline in
// forward), and the expression of its output given its inputs' variable names.

interface TorchLayer {
  module(node: NodeSpec, graph: ExportGraph): string | null;
  /** `module` is `self.<name>`; `inputs` are the variables holding the node's inputs. */
  call(node: NodeSpec, module: string, inputs: string[]): string;
}

/** torch expressions of the fused activations of conv2d and dense. */
export const ACTIVATION_CALLS: Record<string, (x: string) => string> = {
  none: (x) => x,
  relu: (x) => `torch.relu(${x})`,
  leakyrelu: (x) => `nn.functional.leaky_relu(${x}, 0.01)`,
  tanh: (x) => `torch.tanh(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  softmax: (x) => `torch.softmax(${x}, dim=1)`,
};

const channelsIn = (node: NodeSpec, graph: ExportGraph) =>
  graph.shapeOf(graph.inputsOf(node.id)[0])[0];

/** A module without settings, applied to the node's one input. */
function plain(module: string): TorchLayer {
  return { module: () => module, call: (_node, m, [x]) => `${m}(${x})` };
}

function pooling(className: 'MaxPool2d' | 'AvgPool2d'): TorchLayer {
  return {
    module(node) {
      const c = node.config as PoolConfig;
      const extra = className === 'AvgPool2d' ? ', count_include_pad=True' : '';
      return `nn.${className}(kernel_size=${pyPair(c.poolSize)}, stride=${pyPair(poolStride(c))}, padding=${pyPair(c.padding)}${extra})`;
    },
    call: (_node, m, [x]) => `${m}(${x})`,
  };
}

export const TORCH_LAYERS: Record<Exclude<LayerType, 'input'>, TorchLayer> = {
  conv2d: {
    module(node, graph) {
      const c = node.config as Conv2dConfig;
      return (
        `nn.Conv2d(${channelsIn(node, graph)}, ${c.filters}, kernel_size=${pyPair(c.kernelSize)}, ` +
        `stride=${pyPair(c.stride)}, padding=${pyPair(convPadding(c))}, ` +
        `dilation=${pyPair(c.dilation)}, bias=${c.useBias ? 'True' : 'False'})`
      );
    },
    call: (node, m, [x]) =>
      ACTIVATION_CALLS[(node.config as Conv2dConfig).activation](`${m}(${x})`),
  },
  maxpool2d: pooling('MaxPool2d'),
  avgpool2d: pooling('AvgPool2d'),
  globalavgpool: plain('nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())'),
  flatten: plain('nn.Flatten()'),
  dense: {
    module(node, graph) {
      const c = node.config as DenseConfig;
      return `nn.Linear(${channelsIn(node, graph)}, ${c.units}, bias=${c.useBias ? 'True' : 'False'})`;
    },
    call: (node, m, [x]) => ACTIVATION_CALLS[(node.config as DenseConfig).activation](`${m}(${x})`),
  },
  relu: plain('nn.ReLU()'),
  tanh: plain('nn.Tanh()'),
  sigmoid: plain('nn.Sigmoid()'),
  softmax: plain('nn.Softmax(dim=1)'),
  leakyrelu: {
    module: (node) => `nn.LeakyReLU(${(node.config as { alpha: number }).alpha})`,
    call: (_node, m, [x]) => `${m}(${x})`,
  },
  dropout: {
    module: (node) => `nn.Dropout(p=${(node.config as DropoutConfig).rate})`,
    call: (_node, m, [x]) => `${m}(${x})`,
  },
  batchnorm: {
    module(node, graph) {
      const c = node.config as BatchnormConfig;
      const image = graph.shapeOf(node.id).length === 3;
      return `nn.BatchNorm${image ? '2d' : '1d'}(${channelsIn(node, graph)}, eps=${c.epsilon}, momentum=${c.momentum})`;
    },
    call: (_node, m, [x]) => `${m}(${x})`,
  },
  // Left to right, as the engine sums.
  add: { module: () => null, call: (_node, _m, xs) => xs.join(' + ') },
  concat: { module: () => null, call: (_node, _m, xs) => `torch.cat([${xs.join(', ')}], dim=1)` },
};

/** How torch names each tensor of the document's layers. */
export const TORCH_TENSOR_NAMES: Record<string, string> = {
  weight: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  runningMean: 'running_mean',
  runningVar: 'running_var',
};
