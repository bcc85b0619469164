"""Runs exported model.py files for test/export/pytorch.test.ts.

For each folder given: imports its model.py, loads weights.json with load_weights, runs input.bin
(float32 little-endian, shape in input.json) in eval mode and writes output.bin the same way.
One process for every folder, because importing torch is most of the cost.
"""

import importlib.util
import json
import sys
from pathlib import Path

import torch

for index, folder in enumerate(map(Path, sys.argv[1:])):
    spec = importlib.util.spec_from_file_location(f'exported_{index}', folder / 'model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load_weights(module.Model(), folder / 'weights.json').eval()
    shape = json.loads((folder / 'input.json').read_text())['shape']
    x = torch.frombuffer(bytearray((folder / 'input.bin').read_bytes()), dtype=torch.float32)
    with torch.no_grad():
        y = model(x.reshape(shape))
    (folder / 'output.bin').write_bytes(y.contiguous().numpy().astype('<f4').tobytes())
