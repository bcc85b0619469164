import type { Preprocessing } from '../preprocessing';
import { hasSoftmaxHead, type ExportGraph } from '../source';
import { TORCH_LAYERS, TORCH_TENSOR_NAMES } from './modules';
import { docText, py } from './python';

// model.py: a standalone nn.Module whose submodules are named after the node ids, with
// load_weights / save_weights for CNN Studio model documents (the exported weights.json).

const INDENT = '        ';

/** The forward body: one line per node, the last returns (with a `scores` exit before a softmax). */
function forwardBody(graph: ExportGraph, names: Map<string, string>): string[] {
  const lines: string[] = [];
  const softmaxHead = hasSoftmaxHead(graph);
  for (const node of graph.nodes.slice(1)) {
    const name = names.get(node.id)!;
    const inputs = graph.inputsOf(node.id).map((id) => names.get(id)!);
    const layer = TORCH_LAYERS[node.type as Exclude<typeof node.type, 'input'>];
    const module = `self.${name}`;
    const last = node.id === graph.outputId;
    if (last && softmaxHead) {
      // The scores before the final softmax give a stable loss (log-sum-exp) when training.
      const before = node.type === 'softmax' ? inputs[0] : `${module}(${inputs[0]})`;
      lines.push('if scores:', `    return ${before}`);
    }
    lines.push(`${name} = ${layer.call(node, module, inputs, graph)}`);
  }
  lines.push(`return ${names.get(graph.outputId)!}`);
  return lines;
}

function header(graph: ExportGraph, names: Map<string, string>, preprocessing: Preprocessing) {
  const { spec, inputShape, outputShape } = graph.network;
  const renamed = [...names].filter(([id, name]) => id !== name);
  const kind = hasSoftmaxHead(graph) ? 'class probabilities' : 'class scores (logits)';
  return [
    `"""${docText(spec.name ?? 'Model')}, exported from CNN Studio.`,
    '',
    `Model() takes float32 images [N, ${inputShape.join(', ')}] (NCHW) and returns the ${kind},`,
    `[N, ${outputShape.join(', ')}]. Inputs are pixels x (0..255) as (x / 255 - MEAN) / STD${
      preprocessing.mean === null
        ? ';\nMEAN and STD are None until training computes them from the training images (a\ntrained model document records them).'
        : '.'
    }`,
    '',
    '    model = load_weights(Model(), "weights.json").eval()',
    '    model = load_weights(Model(), "weights.safetensors").eval()  # the same weights',
    '',
    'Its submodules are named after the CNN Studio node ids. weights.safetensors holds the weights',
    'under their state_dict names (<submodule>.weight, .bias, .running_mean, .running_var), so',
    'model.load_state_dict takes its tensors as they are; weights.json is the model document.',
    ...(renamed.length > 0
      ? [
          'Node ids that are not usable Python names were renamed:',
          ...renamed.map(([id, name]) => `    "${id}" -> ${name}`),
        ]
      : []),
    '"""',
  ];
}

export function modelPy(
  graph: ExportGraph,
  names: Map<string, string>,
  preprocessing: Preprocessing,
): string {
  const { network } = graph;
  const { spec } = network;
  const layers = graph.nodes.slice(1).map((node) => ({
    node,
    layer: TORCH_LAYERS[node.type as Exclude<typeof node.type, 'input'>],
  }));
  const modules = layers.flatMap(({ node, layer }) => {
    const module = layer.module(node, graph);
    return module === null ? [] : [`${INDENT}self.${names.get(node.id)!} = ${module}`];
  });
  const classes = new Set(layers.flatMap(({ node, layer }) => layer.classes?.(node, graph) ?? []));
  const weights: Record<string, string[]> = {};
  for (const slot of network.slots) (weights[slot.nodeId] ??= []).push(slot.name);
  const softmaxHead = hasSoftmaxHead(graph);
  const input = names.get(graph.inputId)!;
  const signature = softmaxHead ? `self, ${input}, scores=False` : `self, ${input}`;
  return [
    ...header(graph, names, preprocessing),
    '',
    'import array',
    'import base64',
    'import json',
    'import struct',
    'import sys',
    'from pathlib import Path',
    '',
    'import torch',
    'from torch import nn',
    '',
    `INPUT_SHAPE = (${network.inputShape.join(', ')})`,
    `CLASSES = ${py(spec.classes ?? null)}`,
    `MEAN = ${py(preprocessing.mean)}`,
    `STD = ${py(preprocessing.std)}`,
    '# The module (attribute) name of each node id, and the tensors each layer with weights has.',
    `NODE_NAMES = ${py(Object.fromEntries(names))}`,
    `WEIGHTS = ${py(weights)}`,
    `TORCH_NAMES = ${py(TORCH_TENSOR_NAMES)}`,
    '',
    '',
    ...[...classes].flatMap((definition) => [definition, '', '']),
    'class Model(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    ...modules,
    '',
    `    def forward(${signature}):`,
    ...(softmaxHead
      ? [`${INDENT}"""With scores=True, the output before its final softmax (for the loss)."""`]
      : []),
    ...forwardBody(graph, names).map((line) => `${INDENT}${line}`),
    '',
    '',
    WEIGHT_FUNCTIONS,
  ].join('\n');
}

const WEIGHT_FUNCTIONS = `def _float32(values, shape):
    """A tensor of the given shape from an array('f')."""
    return torch.frombuffer(values, dtype=torch.float32).clone().reshape(shape)


def _little_endian_float32(data):
    """Little-endian float32 bytes as an array('f'), in the host's byte order."""
    values = array.array('f')
    values.frombytes(data)
    if sys.byteorder == 'big':
        values.byteswap()
    return values


def _decode(tensor):
    """A document tensor: base64 of little-endian float32, or a list of numbers."""
    if isinstance(tensor['data'], str):
        values = _little_endian_float32(base64.b64decode(tensor['data']))
    else:
        values = array.array('f', [float(v) for v in tensor['data']])
    return _float32(values, tensor['shape'])


def _encode(values):
    data = array.array('f', values.detach().cpu().reshape(-1).tolist())
    if sys.byteorder == 'big':
        data.byteswap()
    return {'shape': list(values.shape), 'data': base64.b64encode(data.tobytes()).decode('ascii')}


def _tensor(model, node_id, name):
    return getattr(getattr(model, NODE_NAMES[node_id]), TORCH_NAMES[name])


def read_safetensors(path):
    """The tensors of a float32 safetensors file, by name: an 8-byte little-endian header length,
    the JSON header (dtype, shape and byte range of each tensor), then the data."""
    with open(path, 'rb') as file:
        data = file.read()
    (length,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8 : 8 + length])
    header.pop('__metadata__', None)
    start = 8 + length
    tensors = {}
    for name, info in header.items():
        if info['dtype'] != 'F32':
            raise ValueError(f'{path}: {name} is {info["dtype"]}; only F32 tensors are read')
        begin, end = info['data_offsets']
        values = _little_endian_float32(data[start + begin : start + end])
        tensors[name] = _float32(values, info['shape'])
    return tensors


def load_weights(model, path):
    """Copies weights into model and returns it: from a .safetensors file of state_dict tensors
    (weights.safetensors), else from a CNN Studio model document (weights.json)."""
    if Path(path).suffix == '.safetensors':
        model.load_state_dict(read_safetensors(path))
        return model
    with open(path, encoding='utf-8') as file:
        document = json.load(file)
    with torch.no_grad():
        for node_id, tensors in document.get('weights', {}).items():
            for name, tensor in tensors.items():
                target, values = _tensor(model, node_id, name), _decode(tensor)
                if target.shape != values.shape:
                    raise ValueError(
                        f'{path}: {node_id}.{name} has shape {list(values.shape)}, '
                        f'the model needs {list(target.shape)}'
                    )
                target.copy_(values)
    return model


def save_weights(model, path, document_path, training=None):
    """Writes the document at document_path with model's weights (and training values merged into
    its training settings) to path, for CNN Studio to open."""
    with open(document_path, encoding='utf-8') as file:
        document = json.load(file)
    if training:
        document['training'] = {**document.get('training', {}), **training}
    document['weights'] = {
        node_id: {name: _encode(_tensor(model, node_id, name)) for name in names}
        for node_id, names in WEIGHTS.items()
    }
    with open(path, 'w', encoding='utf-8') as file:
        json.dump(document, file)
`;
