# Reference trajectories of torch.optim.SGD / Adam / AdamW for test/engine/optimizers.test.ts.
# Regenerate from the repo root with: /usr/bin/python3 scripts/pytorch/make_optimizer_fixtures.py
import json
import torch

torch.manual_seed(0)
CASES = [
    ("sgd plain", "sgd", {"learningRate": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd momentum", "sgd", {"learningRate": 0.05, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("sgd nesterov weight decay", "sgd", {"learningRate": 0.05, "momentum": 0.8, "nesterov": True, "weightDecay": 0.01},
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01)),
    ("adam", "adam", {"learningRate": 0.01}, lambda p: torch.optim.Adam(p, lr=0.01)),
    ("adam betas eps weight decay", "adam", {"learningRate": 0.02, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "weightDecay": 0.1},
     lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("adamw", "adamw", {"learningRate": 0.01, "weightDecay": 0.05}, lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.05)),
]

out = []
for name, kind, settings, make in CASES:
    p = torch.randn(12, dtype=torch.float32)
    start = p.clone()
    param = torch.nn.Parameter(p)
    opt = make([param])
    grads, trajectory = [], []
    for _ in range(6):
        g = torch.randn(12, dtype=torch.float32)
        param.grad = g.clone()
        opt.step()
        grads.append(g.tolist())
        trajectory.append(param.detach().clone().tolist())
    out.append({"name": name, "type": kind, "settings": settings, "start": start.tolist(), "grads": grads, "trajectory": trajectory})

with open("test/fixtures/optimizers.json", "w") as f:
    json.dump(out, f)
