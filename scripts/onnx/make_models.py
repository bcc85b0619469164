"""Real outside models for test/import/torchvision.test.ts: torchvision's classifiers, exported by
PyTorch's own ONNX exporter exactly as a user would export them.

Each model is built with weights=None (random initialisation, nothing is downloaded), its batch
norms' statistics are measured on random images (see calibrate), and it is put in eval mode and
exported with torch.onnx.export at opset 13, with a symbolic batch dimension. Run with
Debian's python3-torch and python3-torchvision, from the repository root:

    /usr/bin/python3 scripts/onnx/make_models.py .cache/onnx

The files go into a folder named after the torch and torchvision versions and this script's
hash, so they are built once and reused until either changes (older folders are removed). The
script prints that folder.
"""

import functools
import hashlib
import json
import shutil
import sys
from pathlib import Path

import torch
import torchvision

# name -> torchvision builder. All take 224 × 224 RGB images.
MODELS = {
    'resnet18': torchvision.models.resnet18,
    'mobilenet_v2': torchvision.models.mobilenet_v2,
    'efficientnet_b0': torchvision.models.efficientnet_b0,
    'vgg11': torchvision.models.vgg11,
    'densenet121': torchvision.models.densenet121,
    'googlenet': torchvision.models.googlenet,
    # As torchvision builds it for its pretrained weights: the input re-normalised channel by
    # channel first.
    'googlenet_transform_input': functools.partial(
        torchvision.models.googlenet, transform_input=True
    ),
    'squeezenet1_1': torchvision.models.squeezenet1_1,
    'regnet_x_400mf': torchvision.models.regnet_x_400mf,
    'mnasnet0_5': torchvision.models.mnasnet0_5,
}
INPUT = [1, 3, 224, 224]
OPSET = 13


def cache_dir(root: Path) -> Path:
    script = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return root / f'torch-{torch.__version__}-tv-{torchvision.__version__}-{script}'


def calibrate(model: torch.nn.Module) -> None:
    """Sets each batch norm's running statistics to those of its input on random images, as
    training would. With the initial ones (mean 0, variance 1) GoogLeNet's activations fade to
    nothing and its output is its last bias whatever the image, so matching it would prove nothing."""
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    if not norms:
        return
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # a plain average over the batches seen: here the one batch
    model.train()
    with torch.no_grad():
        model(torch.randn([4, *INPUT[1:]], generator=torch.Generator().manual_seed(1)))


def export(name: str, path: Path) -> None:
    torch.manual_seed(0)
    model = MODELS[name](weights=None)
    calibrate(model)
    model.eval()
    partial = path.with_suffix('.partial')
    with torch.no_grad():
        torch.onnx.export(
            model,
            torch.zeros(INPUT),
            str(partial),
            opset_version=OPSET,
            input_names=['input'],
            output_names=['logits'],
            dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}},
            do_constant_folding=True,
        )
    # Renamed only when whole, so an interrupted run never leaves a truncated model behind.
    partial.replace(path)


def main() -> None:
    root = Path(sys.argv[1])
    out = cache_dir(root)
    out.mkdir(parents=True, exist_ok=True)
    # Folders of other versions are stale (VGG-11 alone is 530 MB).
    for old in root.glob('torch-*'):
        if old != out:
            shutil.rmtree(old)
    for name in MODELS:
        path = out / f'{name}.onnx'
        if not path.exists():
            export(name, path)
    manifest = {'opset': OPSET, 'input': INPUT, 'models': list(MODELS)}
    (out / 'manifest.json').write_text(json.dumps(manifest, indent=2))
    print(out)


if __name__ == '__main__':
    main()
