"""Runs exported model.py files for test/export/pytorch.test.ts.

For each folder given: imports its model.py, runs input.bin (float32 little-endian, shape in
input.json) in eval mode with the weights of weights.json and of weights.safetensors (each read by
load_weights), and writes output.bin and output-safetensors.bin the same way, and names.json: the
Model's submodule names in order, and the node ids (of model.py's NODE_NAMES) that cannot name a
submodule as they are. One process for every folder, because importing torch is most of the cost.
"""

import importlib.util
import json
import keyword
import sys
from pathlib import Path

import torch
from torch import nn

# Names the generated forward uses for itself: its argument, the modules, the scores flag.
GENERATED = {'self', 'torch', 'nn', 'scores'}


def unusable(node_id):
    """True when node_id is no identifier, a keyword, or shadows an nn.Module attribute."""
    return (
        not node_id.isidentifier()
        or keyword.iskeyword(node_id)
        or node_id.startswith('_')
        or hasattr(nn.Module(), node_id)
        or node_id in GENERATED
    )


def predict(module, weights, x):
    model = module.load_weights(module.Model(), weights).eval()
    with torch.no_grad():
        return model(x).contiguous().numpy().astype('<f4').tobytes()


for index, folder in enumerate(map(Path, sys.argv[1:])):
    spec = importlib.util.spec_from_file_location(f'exported_{index}', folder / 'model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shape = json.loads((folder / 'input.json').read_text())['shape']
    x = torch.frombuffer(bytearray((folder / 'input.bin').read_bytes()), dtype=torch.float32)
    x = x.reshape(shape)
    (folder / 'output.bin').write_bytes(predict(module, folder / 'weights.json', x))
    safetensors_output = predict(module, folder / 'weights.safetensors', x)
    (folder / 'output-safetensors.bin').write_bytes(safetensors_output)
    names = {
        'children': [name for name, _ in module.Model().named_children()],
        'unusable': [node_id for node_id in module.NODE_NAMES if unusable(node_id)],
    }
    (folder / 'names.json').write_text(json.dumps(names))
