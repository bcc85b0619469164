"""PyTorch CPU peer for `npm run bench`: LeNet-5 training and inference, and GEMM, on the same
shapes as the engine. Run as `OPENBLAS_NUM_THREADS=1 python3 bench/pytorch_lenet.py THREADS`;
prints one JSON object. OpenBLAS is held to one thread because torch's own pool (set_num_threads)
splits the work; with both, two threads run slower than one."""
import json
import statistics
import sys
import time

import torch
from torch import nn

BATCH = 64
INFER_BATCH = 256


def lenet5() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def median_rate(run, units: int, warmup: float = 1.0, repeat_seconds: float = 0.5, repeats: int = 5) -> dict:
    """Units per second: a warm-up, then `repeats` timed runs of about repeat_seconds; the median."""
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < warmup:
        run()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    count = max(1, round(repeat_seconds / per_call))
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(count):
            run()
        rates.append(units * count / (time.perf_counter() - t))
    return {"median": statistics.median(rates), "rates": rates}


def main() -> None:
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = lenet5()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))

    def train_step() -> None:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    train = median_rate(train_step, BATCH)
    model.eval()
    xi = torch.rand(INFER_BATCH, 1, 28, 28)

    def infer() -> None:
        with torch.no_grad():
            model(xi)

    inference = median_rate(infer, INFER_BATCH)

    gemm = {}
    if threads == 1:
        for name, m, n, k, form in json.loads(sys.argv[2]):
            a = torch.rand(k, m) if form == "TN" else torch.rand(m, k)
            b = torch.rand(n, k) if form == "NT" else torch.rand(k, n)
            a_ = a.t() if form == "TN" else a
            b_ = b.t() if form == "NT" else b
            c = torch.empty(m, n)
            rate = median_rate(lambda: torch.mm(a_, b_, out=c), 2 * m * n * k, 0.3, 0.2, 3)
            gemm[name] = rate["median"] / 1e9

    print(json.dumps({
        "torch": torch.__version__,
        "threads": threads,
        "train": train,
        "inference": inference,
        "gemmGflops": gemm,
    }))


if __name__ == "__main__":
    main()
