import type { BatchnormConfig } from '../../layers/batchnorm';
import { convPadding, type Conv2dConfig } from '../../layers/conv2d';
import type { DenseConfig } from '../../layers/dense';
import type { DropoutConfig } from '../../layers/dropout';
import type { LayernormConfig } from '../../layers/layernorm';
import { poolStride, type PoolConfig } from '../../layers/pooling';
import { LEAKY_RELU_SLOPE } from '../../math/activations';
import type { ActivationName, LayerType, NodeSpec } from '../../model/types';
import type { ExportGraph } from '../source';
import { pyPair } from './python';

// For each layer type: the torch.nn module the node becomes (null for nodes computed inline in
// forward), the expression of its output given its inputs' variable names, and any class of
// model.py's own that the module needs.

interface TorchLayer {
  module(node: NodeSpec, graph: ExportGraph): string | null;
  /** `module` is `self.<name>`; `inputs` are the variables holding the node's inputs. */
  call(node: NodeSpec, module: string, inputs: string[], graph: ExportGraph): string;
  /** Python class definitions the module uses, written once before Model. */
  classes?(node: NodeSpec, graph: ExportGraph): string[];
}

/** torch expressions of the fused activations of conv2d and dense. */
export const ACTIVATION_CALLS: Record<ActivationName, (x: string) => string> = {
  none: (x) => x,
  relu: (x) => `torch.relu(${x})`,
  leakyrelu: (x) => `nn.functional.leaky_relu(${x}, ${LEAKY_RELU_SLOPE})`,
  tanh: (x) => `torch.tanh(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  relu6: (x) => `nn.functional.relu6(${x})`,
  silu: (x) => `nn.functional.silu(${x})`,
  gelu: (x) => `nn.functional.gelu(${x})`,
  softmax: (x) => `torch.softmax(${x}, dim=1)`,
};

/** ConvNeXt's channels-first layer norm, as torchvision writes it (its LayerNorm2d). */
const LAYER_NORM_2D = `class LayerNorm2d(nn.LayerNorm):
    """Normalises the channels at each position of [N, C, H, W] (ConvNeXt's channels-first form)."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)`;

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
      const ceil = c.ceilMode ? ', ceil_mode=True' : '';
      return `nn.${className}(kernel_size=${pyPair(c.poolSize)}, stride=${pyPair(poolStride(c))}, padding=${pyPair(c.padding)}${extra}${ceil})`;
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
        `dilation=${pyPair(c.dilation)}, ${c.groups > 1 ? `groups=${c.groups}, ` : ''}` +
        `bias=${c.useBias ? 'True' : 'False'})`
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
  relu6: plain('nn.ReLU6()'),
  silu: plain('nn.SiLU()'),
  // The exact (erf) GELU, torch's default.
  gelu: plain('nn.GELU()'),
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
  layernorm: {
    module(node, graph) {
      const { epsilon } = node.config as LayernormConfig;
      const image = graph.shapeOf(node.id).length === 3;
      return `${image ? 'LayerNorm2d' : 'nn.LayerNorm'}(${channelsIn(node, graph)}, eps=${epsilon})`;
    },
    call: (_node, m, [x]) => `${m}(${x})`,
    classes: (node, graph) => (graph.shapeOf(node.id).length === 3 ? [LAYER_NORM_2D] : []),
  },
  // Left to right, as the engine sums.
  add: { module: () => null, call: (_node, _m, xs) => xs.join(' + ') },
  multiply: {
    module: () => null,
    // Left to right, as the engine multiplies; a vector [N, C] scales the channels as [N, C, 1, 1].
    call(node, _m, xs, graph) {
      const image = graph.shapeOf(node.id).length === 3;
      const ids = graph.inputsOf(node.id);
      return xs
        .map((x, k) => (image && graph.shapeOf(ids[k]).length === 1 ? `${x}[:, :, None, None]` : x))
        .join(' * ');
    },
  },
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
