"""PyTorch reference fixtures for test/engine/pytorch-parity.test.ts.

Each case is a CNN Studio model document (shared/contracts/model-format.md). This script builds
the equivalent torch.nn graph from that document, fills every weight with seeded random values and
records what PyTorch computes, so the test suite needs no Python. To regenerate (needs torch and
numpy, e.g. Debian's python3-torch 1.13), from the repository root:

    /usr/bin/python3 scripts/pytorch/make_fixtures.py [name ...]

With names it writes only those cases; without, it replaces every test/fixtures/pytorch/*.json.
The output is deterministic on one machine; another CPU's torch kernels may change the last bit
of a few values, so regenerate only the cases you add or change.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT_DIR = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'pytorch'

ACTIVATIONS = {
    'none': nn.Identity,
    'relu': nn.ReLU,
    'leakyrelu': lambda: nn.LeakyReLU(0.01),
    'tanh': nn.Tanh,
    'sigmoid': nn.Sigmoid,
    'relu6': nn.ReLU6,
    'silu': nn.SiLU,
    'gelu': nn.GELU,  # the exact erf form (approximate='none')
    'softmax': lambda: nn.Softmax(dim=1),
}


def pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def conv_padding(params, kernel, dilation):
    padding = params.get('padding', 'valid')
    if padding == 'valid':
        return (0, 0)
    if padding == 'same':
        # Symmetric floor(d(k-1)/2), not torch's padding='same', which pads even kernels unevenly.
        return tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilation))
    return pair(padding)


class Add(nn.Module):
    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Concat(nn.Module):
    def forward(self, *xs):
        return torch.cat(xs, dim=1)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


class Multiply(nn.Module):
    """Inputs in edge order; vectors [N, C] beside an image scale its channels (viewed [N, C, 1, 1])."""

    def forward(self, *xs):
        image = any(x.dim() == 4 for x in xs)
        xs = [x.view(*x.shape, 1, 1) if image and x.dim() == 2 else x for x in xs]
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out


class LayerNorm(nn.Module):
    """Over the channels at each position of an image (ConvNeXt's channels-first form), over the
    features of a vector: torch's layer_norm on the channels-last view."""

    def __init__(self, channels, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        if x.dim() == 2:
            return F.layer_norm(x, x.shape[1:], self.weight, self.bias, self.eps)
        y = F.layer_norm(x.permute(0, 2, 3, 1), x.shape[1:2], self.weight, self.bias, self.eps)
        return y.permute(0, 3, 1, 2)


def make_layer(node, in_shape):
    """The torch module for one node; in_shape is its (first) input's shape without the batch."""
    kind, p = node['type'], node.get('params', {})
    if kind == 'conv2d':
        kernel, dilation = pair(p['kernelSize']), pair(p.get('dilation', 1))
        conv = nn.Conv2d(
            in_shape[0],
            p['filters'],
            kernel,
            stride=pair(p.get('stride', 1)),
            padding=conv_padding(p, kernel, dilation),
            dilation=dilation,
            groups=p.get('groups', 1),
            bias=p.get('useBias', True),
        )
        return nn.Sequential(conv, ACTIVATIONS[p.get('activation', 'none')]())
    if kind == 'dense':
        linear = nn.Linear(in_shape[0], p['units'], bias=p.get('useBias', True))
        return nn.Sequential(linear, ACTIVATIONS[p.get('activation', 'none')]())
    if kind in ('maxpool2d', 'avgpool2d'):
        size = pair(p.get('poolSize', 2))
        stride, padding = pair(p.get('stride', size)), pair(p.get('padding', 0))
        ceil = p.get('ceilMode', False)
        if kind == 'maxpool2d':
            return nn.MaxPool2d(size, stride, padding, ceil_mode=ceil)
        return nn.AvgPool2d(size, stride, padding, ceil_mode=ceil, count_include_pad=True)
    if kind == 'batchnorm':
        norm = nn.BatchNorm2d if len(in_shape) == 3 else nn.BatchNorm1d
        return norm(in_shape[0], eps=p.get('epsilon', 1e-5), momentum=p.get('momentum', 0.1))
    if kind == 'layernorm':
        return LayerNorm(in_shape[0], p.get('epsilon', 1e-5))
    if kind == 'leakyrelu':
        return nn.LeakyReLU(p.get('alpha', 0.01))
    if kind == 'softmax':
        return nn.Softmax(dim=1)
    if kind == 'dropout':
        return nn.Dropout(p.get('rate', 0.5))
    simple = {
        'globalavgpool': GlobalAvgPool,
        'flatten': lambda: nn.Flatten(1),
        'relu': nn.ReLU,
        'tanh': nn.Tanh,
        'sigmoid': nn.Sigmoid,
        'relu6': nn.ReLU6,
        'silu': nn.SiLU,
        'gelu': nn.GELU,
        'add': Add,
        'multiply': Multiply,
        'concat': Concat,
    }
    return simple[kind]()


def layer_tensors(kind, layer):
    """The document's weight names mapped to the module's parameters and buffers."""
    if kind in ('conv2d', 'dense'):
        inner = layer[0]
        return {'weight': inner.weight, **({'bias': inner.bias} if inner.bias is not None else {})}
    if kind == 'layernorm':
        return {'gamma': layer.weight, 'beta': layer.bias}
    if kind == 'batchnorm':
        return {
            'gamma': layer.weight,
            'beta': layer.bias,
            'runningMean': layer.running_mean,
            'runningVar': layer.running_var,
        }
    return {}


class Graph(nn.Module):
    def __init__(self, doc):
        super().__init__()
        self.kinds = {n['id']: n['type'] for n in doc['nodes']}
        # Inputs of a merge node are in the order their edges appear in `edges`.
        self.sources = {i: [e['from'] for e in doc['edges'] if e['to'] == i] for i in self.kinds}
        self.order = topological_order(doc)
        self.input_id, self.output_id = self.order[0], self.order[-1]
        nodes = {n['id']: n for n in doc['nodes']}
        first = nodes[self.input_id]['params']
        shapes = {self.input_id: (first['channels'], first['height'], first['width'])}
        self.layers = nn.ModuleDict()
        for i in self.order[1:]:
            in_shapes = [shapes[s] for s in self.sources[i]]
            layer = make_layer(nodes[i], in_shapes[0]).eval()
            with torch.no_grad():
                probe = layer(*(torch.zeros(1, *s) for s in in_shapes))
            shapes[i] = tuple(probe.shape[1:])
            self.layers[i] = layer
        self.output_shape = shapes[self.output_id]

    def forward(self, x):
        values = {self.input_id: x}
        for i in self.order[1:]:
            values[i] = self.layers[i](*(values[s] for s in self.sources[i]))
        return values[self.output_id]

    def tensors(self):
        return {i: t for i in self.order[1:] if (t := layer_tensors(self.kinds[i], self.layers[i]))}


def topological_order(doc):
    pending = {n['id']: 0 for n in doc['nodes']}
    for e in doc['edges']:
        pending[e['to']] += 1
    ready = [i for i, count in pending.items() if count == 0]
    order = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        for e in doc['edges']:
            if e['from'] == i:
                pending[e['to']] -= 1
                if pending[e['to']] == 0:
                    ready.append(e['to'])
    assert len(order) == len(pending), 'the graph has a cycle'
    return order


def randomize(graph, gen):
    def uniform(shape, low, high):
        return low + (high - low) * torch.rand(shape, generator=gen)

    with torch.no_grad():
        for tensors in graph.tensors().values():
            for name, t in tensors.items():
                shape = t.shape
                if name == 'weight':
                    value = torch.randn(shape, generator=gen) * math.sqrt(2 / t[0].numel())
                elif name in ('bias', 'beta'):
                    value = uniform(shape, -0.3, 0.3)
                elif name == 'gamma':
                    value = uniform(shape, 0.5, 1.5)
                elif name == 'runningMean':
                    value = 0.5 * torch.randn(shape, generator=gen)
                else:  # runningVar
                    value = uniform(shape, 0.5, 2.0)
                t.copy_(value)


def number(x):
    """The shortest decimal that reads back as float32 x through a double, as JSON.parse does."""
    x = np.float32(x)
    assert np.isfinite(x), 'non-finite value'
    short = float(str(x))
    return short if np.float32(short) == x else float(x)


def numbers(t):
    return [number(x) for x in t.detach().reshape(-1).numpy()]


def ends_in_softmax(doc, output_id):
    out = next(n for n in doc['nodes'] if n['id'] == output_id)
    return out['type'] == 'softmax' or (
        out['type'] == 'dense' and out.get('params', {}).get('activation') == 'softmax'
    )


def run_case(case, seed):
    gen = torch.Generator().manual_seed(seed)
    doc = {
        'format': 'cnn-studio/model',
        'version': 1,
        'name': case['name'],
        'nodes': case['nodes'],
        'edges': case['edges'],
    }
    graph = Graph(doc)
    randomize(graph, gen)
    doc['weights'] = {
        i: {name: {'shape': list(t.shape), 'data': numbers(t)} for name, t in tensors.items()}
        for i, tensors in graph.tensors().items()
    }

    batch = case['batch']
    c, h, w = (case['nodes'][0]['params'][k] for k in ('channels', 'height', 'width'))
    x = torch.randn(batch, c, h, w, generator=gen)
    classes = graph.output_shape[0]
    # Distinct labels while the batch allows, so every sample picks a different class score.
    labels = torch.randperm(max(batch, classes), generator=gen)[:batch] % classes

    graph.eval()
    with torch.no_grad():
        predict = graph(x)

    # A dropout mask drawn by torch cannot be reproduced by the engine, so training-mode
    # results are only recorded when every dropout is the identity.
    stochastic = any(
        n['type'] == 'dropout' and n.get('params', {}).get('rate', 0.5) > 0 for n in doc['nodes']
    )
    graph.train()
    out = graph(x)
    if ends_in_softmax(doc, graph.output_id):
        loss = F.nll_loss(torch.log(out), labels)
    else:
        loss = F.cross_entropy(out, labels)
    loss.backward()
    trainable = ('weight', 'bias', 'gamma', 'beta')
    grads = {
        i: {name: numbers(t.grad) for name, t in tensors.items() if name in trainable}
        for i, tensors in graph.tensors().items()
    }
    running = {
        i: {'runningMean': numbers(t['runningMean']), 'runningVar': numbers(t['runningVar'])}
        for i, t in graph.tensors().items()
        if graph.kinds[i] == 'batchnorm'
    }
    assert not (stochastic and running), 'batchnorm statistics would depend on the dropout mask'

    return {
        'description': case['description'],
        'model': doc,
        'batch': batch,
        'input': numbers(x),
        'labels': labels.tolist(),
        'expected': {
            'predict': numbers(predict),
            'loss': None if stochastic else number(loss.item()),
            'grads': None if stochastic else grads,
            'runningStats': running,
        },
    }


def node(node_id, kind, **params):
    return {'id': node_id, 'type': kind, **({'params': params} if params else {})}


def image(channels, height, width):
    return node('in', 'input', channels=channels, height=height, width=width)


def chain(*ids):
    return [{'from': a, 'to': b} for a, b in zip(ids, ids[1:])]


def lenet(name, description, size, activation, pool):
    return {
        'name': name,
        'description': description,
        'batch': 2,
        'nodes': [
            image(1, size, size),
            node('c1', 'conv2d', filters=6, kernelSize=5, padding='same' if size == 28 else 'valid',
                 activation=activation),
            node('p1', pool),
            node('c2', 'conv2d', filters=16, kernelSize=5, activation=activation),
            node('p2', pool),
            node('fl', 'flatten'),
            node('f1', 'dense', units=120, activation=activation),
            node('f2', 'dense', units=84, activation=activation),
            node('out', 'dense', units=10),
        ],
        'edges': chain('in', 'c1', 'p1', 'c2', 'p2', 'fl', 'f1', 'f2', 'out'),
    }


CASES = [
    {
        'name': 'conv2d-same',
        'description': 'conv2d padding "same": a 3x3 kernel keeps 6x6; an even 4x4 kernel pads '
        'floor(3/2)=1 on each side, so 6x6 becomes 5x5. ReLU applied after the bias.',
        'batch': 3,
        'nodes': [
            image(2, 6, 6),
            node('c1', 'conv2d', filters=4, kernelSize=3, padding='same', activation='relu'),
            node('c2', 'conv2d', filters=3, kernelSize=4, padding='same'),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'c2', 'fl', 'out'),
    },
    {
        'name': 'conv2d-stride-dilation',
        'description': 'conv2d with stride 2 and padding 1 (9x8 -> 5x4), dilation 2 with padding '
        '"same" (p = 2), then dilation 2 with stride 2 and no padding (5x4 -> 2x1).',
        'batch': 2,
        'nodes': [
            image(2, 9, 8),
            node('c1', 'conv2d', filters=3, kernelSize=3, stride=2, padding=1),
            node('c2', 'conv2d', filters=4, kernelSize=3, dilation=2, padding='same'),
            node('c3', 'conv2d', filters=2, kernelSize=2, dilation=2, stride=2),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'c2', 'c3', 'fl', 'out'),
    },
    {
        'name': 'conv2d-pairs-nobias',
        'description': 'kernelSize, stride, padding and dilation given as [h, w] pairs, useBias '
        'false on both convolutions and the dense layer; padding "same" with kernel [2,3] and '
        'dilation [2,1] pads [1,1]; tanh activation.',
        'batch': 2,
        'nodes': [
            image(2, 8, 7),
            node('c1', 'conv2d', filters=3, kernelSize=[3, 2], stride=[2, 1], padding=[1, 0],
                 dilation=[1, 2], useBias=False),
            node('c2', 'conv2d', filters=2, kernelSize=[2, 3], padding='same', dilation=[2, 1],
                 useBias=False, activation='tanh'),
            node('fl', 'flatten'),
            node('out', 'dense', units=3, useBias=False),
        ],
        'edges': chain('in', 'c1', 'c2', 'fl', 'out'),
    },
    {
        'name': 'maxpool2d',
        'description': 'maxpool2d with poolSize 3, stride 2, padding 1 (7x6 -> 4x3), then poolSize '
        '[2,3], stride [1,2], padding [1,1] (4x3 -> 5x2); padded cells are never picked.',
        'batch': 3,
        'nodes': [
            image(2, 8, 7),
            node('c1', 'conv2d', filters=3, kernelSize=2),
            node('p1', 'maxpool2d', poolSize=3, stride=2, padding=1),
            node('p2', 'maxpool2d', poolSize=[2, 3], stride=[1, 2], padding=[1, 1]),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'p1', 'p2', 'fl', 'out'),
    },
    {
        'name': 'avgpool2d',
        'description': 'avgpool2d with poolSize 3, stride 2, padding 1, then poolSize [2,3], '
        'stride [1,2], padding [1,1]; padded zeros count in the divisor (count_include_pad=True). '
        'Sigmoid activation on the convolution.',
        'batch': 3,
        'nodes': [
            image(2, 8, 7),
            node('c1', 'conv2d', filters=3, kernelSize=2, activation='sigmoid'),
            node('p1', 'avgpool2d', poolSize=3, stride=2, padding=1),
            node('p2', 'avgpool2d', poolSize=[2, 3], stride=[1, 2], padding=[1, 1]),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'p1', 'p2', 'fl', 'out'),
    },
    {
        'name': 'globalavgpool',
        'description': 'globalavgpool of a 4x5x6 image, then flatten of the resulting vector '
        '(identity) and a dense layer; leakyrelu conv activation (alpha 0.01).',
        'batch': 2,
        'nodes': [
            image(3, 5, 6),
            node('c1', 'conv2d', filters=4, kernelSize=3, padding='same', activation='leakyrelu'),
            node('g', 'globalavgpool'),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'g', 'fl', 'out'),
    },
    {
        'name': 'batchnorm-image',
        'description': 'batchnorm per channel on images (momentum 0.2, epsilon 1e-3, then the '
        'defaults); training uses the batch statistics, predict the running statistics.',
        'batch': 4,
        'nodes': [
            image(2, 6, 6),
            node('c1', 'conv2d', filters=4, kernelSize=3, padding='same', useBias=False),
            node('bn1', 'batchnorm', momentum=0.2, epsilon=1e-3),
            node('r1', 'relu'),
            node('c2', 'conv2d', filters=3, kernelSize=3),
            node('bn2', 'batchnorm'),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'bn1', 'r1', 'c2', 'bn2', 'g', 'out'),
    },
    {
        'name': 'batchnorm-vector',
        'description': 'batchnorm per feature on vectors (momentum 0.3, epsilon 0.01) between two '
        'dense layers, followed by tanh.',
        'batch': 4,
        'nodes': [
            image(2, 3, 3),
            node('fl', 'flatten'),
            node('d1', 'dense', units=6),
            node('bn', 'batchnorm', momentum=0.3, epsilon=0.01),
            node('t', 'tanh'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'fl', 'd1', 'bn', 't', 'out'),
    },
    {
        'name': 'residual-concat',
        'description': 'residual block: a feeds b, the add and c, so its gradient accumulates; add '
        'of [b, a]; concat of three images in edge order [c, s, d] (2+4+3 channels); the input '
        'feeds two convolutions.',
        'batch': 2,
        'nodes': [
            image(3, 6, 6),
            node('a', 'conv2d', filters=4, kernelSize=3, padding='same', activation='relu'),
            node('b', 'conv2d', filters=4, kernelSize=3, padding='same'),
            node('s', 'add'),
            node('c', 'conv2d', filters=2, kernelSize=1),
            node('d', 'conv2d', filters=3, kernelSize=3, padding='same'),
            node('cat', 'concat'),
            node('e', 'conv2d', filters=2, kernelSize=3),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=4),
        ],
        'edges': [
            *chain('in', 'a', 'b', 's'),
            {'from': 'a', 'to': 's'},
            {'from': 'a', 'to': 'c'},
            {'from': 'in', 'to': 'd'},
            {'from': 'c', 'to': 'cat'},
            {'from': 's', 'to': 'cat'},
            {'from': 'd', 'to': 'cat'},
            *chain('cat', 'e', 'g', 'out'),
        ],
    },
    {
        'name': 'merge-vectors',
        'description': 'add of three vectors in edge order [a, b, c] and concat of three vectors '
        '[s, c, a]; dense activations relu and tanh.',
        'batch': 3,
        'nodes': [
            image(2, 3, 3),
            node('fl', 'flatten'),
            node('a', 'dense', units=5, activation='relu'),
            node('b', 'dense', units=5, activation='tanh'),
            node('c', 'dense', units=5),
            node('s', 'add'),
            node('cat', 'concat'),
            node('out', 'dense', units=3),
        ],
        'edges': [
            *chain('in', 'fl', 'a', 'b'),
            {'from': 'fl', 'to': 'c'},
            {'from': 'a', 'to': 's'},
            {'from': 'b', 'to': 's'},
            {'from': 'c', 'to': 's'},
            {'from': 's', 'to': 'cat'},
            {'from': 'c', 'to': 'cat'},
            {'from': 'a', 'to': 'cat'},
            *chain('cat', 'out'),
        ],
    },
    lenet(
        'lenet5-modern',
        'LeNet-5 modern: 1x28x28, conv 6 5x5 same relu, maxpool 2, conv 16 5x5 relu, maxpool 2, '
        'flatten, dense 120 relu, dense 84 relu, dense 10.',
        28,
        'relu',
        'maxpool2d',
    ),
    lenet(
        'lenet5-classic',
        'LeNet-5 classic: 1x32x32, conv 6 5x5 tanh, avgpool 2, conv 16 5x5 tanh, avgpool 2, '
        'flatten, dense 120 tanh, dense 84 tanh, dense 10.',
        32,
        'tanh',
        'avgpool2d',
    ),
    {
        'name': 'activations',
        'description': 'standalone relu, tanh, sigmoid and leakyrelu (alpha 0.2) layers between '
        'convolutions.',
        'batch': 3,
        'nodes': [
            image(2, 6, 5),
            node('c1', 'conv2d', filters=4, kernelSize=3, padding=1),
            node('r', 'relu'),
            node('c2', 'conv2d', filters=4, kernelSize=3, padding='same'),
            node('t', 'tanh'),
            node('c3', 'conv2d', filters=3, kernelSize=3),
            node('s', 'sigmoid'),
            node('c4', 'conv2d', filters=3, kernelSize=1),
            node('l', 'leakyrelu', alpha=0.2),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'r', 'c2', 't', 'c3', 's', 'c4', 'l', 'fl', 'out'),
    },
    {
        'name': 'softmax-node',
        'description': 'the output node is a softmax layer: predict gives probabilities and the '
        'loss is -mean(log p[label]); dense activation sigmoid.',
        'batch': 3,
        'nodes': [
            image(1, 4, 4),
            node('fl', 'flatten'),
            node('d1', 'dense', units=6, activation='sigmoid'),
            node('d2', 'dense', units=4),
            node('sm', 'softmax'),
        ],
        'edges': chain('in', 'fl', 'd1', 'd2', 'sm'),
    },
    {
        'name': 'dense-softmax',
        'description': 'the output dense layer has activation "softmax": predict gives '
        'probabilities and the loss is -mean(log p[label]).',
        'batch': 4,
        'nodes': [
            image(2, 3, 3),
            node('c1', 'conv2d', filters=3, kernelSize=2, activation='relu'),
            node('fl', 'flatten'),
            node('out', 'dense', units=4, activation='softmax'),
        ],
        'edges': chain('in', 'c1', 'fl', 'out'),
    },
    {
        'name': 'dropout',
        'description': 'dropout rate 0.3 is the identity in inference, so only predict is '
        'checked; loss and grads are null because training-mode masks drawn by torch cannot '
        'match the engine\'s.',
        'batch': 2,
        'nodes': [
            image(2, 5, 5),
            node('c1', 'conv2d', filters=3, kernelSize=3, activation='relu'),
            node('dr', 'dropout', rate=0.3),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'dr', 'fl', 'out'),
    },
    {
        'name': 'dropout-rate0',
        'description': 'dropout rate 0 keeps every value in training too, so gradients flow '
        'through it unchanged and can be compared.',
        'batch': 2,
        'nodes': [
            image(2, 5, 5),
            node('c1', 'conv2d', filters=3, kernelSize=3, activation='relu'),
            node('dr', 'dropout', rate=0),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'dr', 'fl', 'out'),
    },
    {
        'name': 'multichannel',
        'description': 'non-square 3x9x7 input: conv [3,2] kernel, stride [2,1], padding "same" '
        '(p = [1,0]) -> 5x5x6, relu, maxpool 2 -> 5x2x3, conv [2,3] padding 1 -> 4x3x3.',
        'batch': 3,
        'nodes': [
            image(3, 9, 7),
            node('c1', 'conv2d', filters=5, kernelSize=[3, 2], stride=[2, 1], padding='same'),
            node('r', 'relu'),
            node('p', 'maxpool2d'),
            node('c2', 'conv2d', filters=4, kernelSize=[2, 3], padding=1),
            node('fl', 'flatten'),
            node('out', 'dense', units=5),
        ],
        'edges': chain('in', 'c1', 'r', 'p', 'c2', 'fl', 'out'),
    },
    {
        'name': 'grouped-depthwise',
        'description': 'conv2d groups 2 (4 channels, 8 filters: weight [8,2,3,3]) with relu6, a '
        'depthwise 3x3 (groups = channels = filters = 8) at stride 2, and a depthwise 3x3 with '
        'channel multiplier 2 (groups 8, 16 filters: weight [16,1,3,3]) with silu.',
        'batch': 3,
        'nodes': [
            image(4, 8, 8),
            node('c1', 'conv2d', filters=8, kernelSize=3, padding='same', groups=2,
                 activation='relu6'),
            node('dw', 'conv2d', filters=8, kernelSize=3, stride=2, padding=1, groups=8),
            node('dm', 'conv2d', filters=16, kernelSize=3, groups=8, activation='silu',
                 useBias=False),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'dw', 'dm', 'g', 'out'),
    },
    {
        'name': 'ceil-pooling',
        'description': 'ceil_mode pooling: maxpool 3 stride 2 on 8x8 gives 4x4 (floor: 3x3); '
        'avgpool 3 stride 2 padding 1 on 4x4 gives 3x3, its last windows divided by the cells '
        'inside the padded image only (2 per side); maxpool 2 stride 2 padding 1 on 3x3 drops the '
        'window that would start past the input and its padding (3x3 -> 2x2, not 3x3).',
        'batch': 3,
        'nodes': [
            image(2, 9, 9),
            node('c1', 'conv2d', filters=3, kernelSize=2),
            node('p1', 'maxpool2d', poolSize=3, stride=2, ceilMode=True),
            node('p2', 'avgpool2d', poolSize=3, stride=2, padding=1, ceilMode=True),
            node('p3', 'maxpool2d', poolSize=2, stride=2, padding=1, ceilMode=True),
            node('fl', 'flatten'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'p1', 'p2', 'p3', 'fl', 'out'),
    },
    {
        'name': 'ceil-avgpool-dropped',
        'description': 'avgpool 2 stride 2 padding 1 with ceil_mode on 5x5: 4 windows would fit '
        'by rounding up, but the last would start past the input and its left padding, so 3x3; '
        'maxpool [3,2] stride [2,1] ceil on the result.',
        'batch': 2,
        'nodes': [
            image(1, 5, 5),
            node('c1', 'conv2d', filters=2, kernelSize=1),
            node('p1', 'avgpool2d', poolSize=2, stride=2, padding=1, ceilMode=True),
            node('p2', 'maxpool2d', poolSize=[3, 2], stride=[2, 1], ceilMode=True),
            node('fl', 'flatten'),
            node('out', 'dense', units=2),
        ],
        'edges': chain('in', 'c1', 'p1', 'p2', 'fl', 'out'),
    },
    {
        'name': 'new-activations',
        'description': 'standalone relu6, silu and gelu (exact erf) layers, conv2d activation '
        'gelu, dense activations silu and relu6.',
        'batch': 3,
        'nodes': [
            image(2, 6, 6),
            node('c1', 'conv2d', filters=4, kernelSize=3, padding=1),
            node('r6', 'relu6'),
            node('c2', 'conv2d', filters=4, kernelSize=3, padding='same', activation='gelu'),
            node('si', 'silu'),
            node('c3', 'conv2d', filters=3, kernelSize=3),
            node('ge', 'gelu'),
            node('fl', 'flatten'),
            node('d1', 'dense', units=8, activation='silu'),
            node('d2', 'dense', units=6, activation='relu6'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'r6', 'c2', 'si', 'c3', 'ge', 'fl', 'd1', 'd2', 'out'),
    },
    {
        'name': 'layernorm',
        'description': 'layernorm over the channels at each position of an image (ConvNeXt '
        'channels-first, epsilon 1e-6) and over the features of a vector (default epsilon).',
        'batch': 3,
        'nodes': [
            image(2, 5, 5),
            node('c1', 'conv2d', filters=6, kernelSize=3, padding=1),
            node('ln1', 'layernorm', epsilon=1e-6),
            node('c2', 'conv2d', filters=4, kernelSize=3, activation='gelu'),
            node('fl', 'flatten'),
            node('d1', 'dense', units=7),
            node('ln2', 'layernorm'),
            node('out', 'dense', units=3),
        ],
        'edges': chain('in', 'c1', 'ln1', 'c2', 'fl', 'd1', 'ln2', 'out'),
    },
    {
        'name': 'squeeze-excitation',
        'description': 'multiply of an image by a vector [C] (squeeze-and-excitation: global '
        'pooling, dense 2 relu, dense 6 sigmoid, scale each channel), in edge order [s, c1]; '
        'then an elementwise multiply of two images of one shape.',
        'batch': 2,
        'nodes': [
            image(3, 6, 6),
            node('c1', 'conv2d', filters=6, kernelSize=3, padding='same', activation='silu'),
            node('gap', 'globalavgpool'),
            node('sq', 'dense', units=2, activation='relu'),
            node('ex', 'dense', units=6, activation='sigmoid'),
            node('se', 'multiply'),
            node('c2', 'conv2d', filters=6, kernelSize=1),
            node('gate', 'multiply'),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=4),
        ],
        'edges': [
            *chain('in', 'c1', 'gap', 'sq', 'ex'),
            {'from': 'ex', 'to': 'se'},
            {'from': 'c1', 'to': 'se'},
            *chain('se', 'c2', 'gate'),
            {'from': 'se', 'to': 'gate'},
            *chain('gate', 'g', 'out'),
        ],
    },
    {
        'name': 'mbconv',
        'description': 'an MBConv block (EfficientNet): 1x1 expansion to 12 with batchnorm and '
        'silu, depthwise 3x3 with batchnorm and silu, squeeze-and-excitation to 2, 1x1 projection '
        'with batchnorm, and the residual add.',
        'batch': 4,
        'nodes': [
            image(4, 5, 5),
            node('ex', 'conv2d', filters=12, kernelSize=1, useBias=False),
            node('bn1', 'batchnorm'),
            node('a1', 'silu'),
            node('dw', 'conv2d', filters=12, kernelSize=3, padding='same', groups=12,
                 useBias=False),
            node('bn2', 'batchnorm'),
            node('a2', 'silu'),
            node('gap', 'globalavgpool'),
            node('sq', 'dense', units=2, activation='silu'),
            node('ex2', 'dense', units=12, activation='sigmoid'),
            node('se', 'multiply'),
            node('pr', 'conv2d', filters=4, kernelSize=1, useBias=False),
            node('bn3', 'batchnorm'),
            node('res', 'add'),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=3),
        ],
        'edges': [
            *chain('in', 'ex', 'bn1', 'a1', 'dw', 'bn2', 'a2', 'gap', 'sq', 'ex2', 'se'),
            {'from': 'a2', 'to': 'se'},
            *chain('se', 'pr', 'bn3', 'res'),
            {'from': 'in', 'to': 'res'},
            *chain('res', 'g', 'out'),
        ],
    },
    {
        'name': 'convnext-block',
        'description': 'a ConvNeXt block: depthwise 7x7 (padding 3), channels-first layernorm, '
        '1x1 to 4x the channels, gelu, 1x1 back, and the residual add.',
        'batch': 2,
        'nodes': [
            image(4, 7, 7),
            node('dw', 'conv2d', filters=4, kernelSize=7, padding=3, groups=4),
            node('ln', 'layernorm', epsilon=1e-6),
            node('up', 'conv2d', filters=16, kernelSize=1, activation='gelu'),
            node('down', 'conv2d', filters=4, kernelSize=1),
            node('res', 'add'),
            node('g', 'globalavgpool'),
            node('out', 'dense', units=3),
        ],
        'edges': [
            *chain('in', 'dw', 'ln', 'up', 'down', 'res'),
            {'from': 'in', 'to': 'res'},
            *chain('res', 'g', 'out'),
        ],
    },
]


def main():
    torch.set_num_threads(1)  # one fixed summation order, so regenerating gives identical files
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    names = set(sys.argv[1:])
    unknown = names - {case['name'] for case in CASES}
    if unknown:
        sys.exit(f'make_fixtures.py: no case named {", ".join(sorted(unknown))}')
    if not names:
        for stale in OUT_DIR.glob('*.json'):
            stale.unlink()
    for seed, case in enumerate(CASES, start=1):
        if names and case['name'] not in names:
            continue
        fixture = run_case(case, seed)
        path = OUT_DIR / f"{case['name']}.json"
        path.write_text(json.dumps(fixture, separators=(',', ':')) + '\n')
        print(f'{path.name}: {path.stat().st_size // 1024} KB')


if __name__ == '__main__':
    main()
