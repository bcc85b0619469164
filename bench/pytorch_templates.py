"""PyTorch CPU peer for `npm run bench`'s template table: a persistent process that reads one
request a line, `{"model": "<dir with model.py>", "threads": N, "batch": B, "seconds": S}`, trains
that exported model (forward, cross-entropy, backward, SGD Nesterov momentum) on random digits for
about S seconds after a warm-up, and answers one JSON line `{"rate": samples/s}`. One process, so
the requests can interleave with the engine's own runs at no start-up cost. Run with
OPENBLAS_NUM_THREADS=1 (torch.set_num_threads alone sets the threads)."""
import importlib.util
import inspect
import json
import sys
import time

import torch
from torch import nn

loaded = {}


def model_of(directory):
    if directory not in loaded:
        spec = importlib.util.spec_from_file_location(f"m{len(loaded)}", f"{directory}/model.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        torch.manual_seed(0)
        model = module.Model()
        takes_scores = "scores" in inspect.signature(model.forward).parameters
        loaded[directory] = (model, module.INPUT_SHAPE, takes_scores)
    return loaded[directory]


def rate(request):
    model, shape, takes_scores = model_of(request["model"])
    torch.set_num_threads(request["threads"])
    batch = request["batch"]
    model.train()
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)

    def step():
        optimizer.zero_grad()
        out = model(x, scores=True) if takes_scores else model(x)
        loss_fn(out, y).backward()
        optimizer.step()

    step()
    start = time.perf_counter()
    steps = 0
    while steps < 2 or time.perf_counter() - start < request["seconds"]:
        step()
        steps += 1
    return batch * steps / (time.perf_counter() - start)


for line in sys.stdin:
    print(json.dumps({"rate": rate(json.loads(line)), "torch": torch.__version__}), flush=True)
