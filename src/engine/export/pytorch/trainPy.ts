import type { Schedule } from '../../train/schedule';
import type { Preprocessing } from '../preprocessing';
import type { Hyperparameters } from './hyperparameters';
import { py } from './python';

// train.py: trains model.py's Model on MNIST (IDX files) the way CNN Studio's trainer does (same
// hyperparameters, schedule, augmentation, validation hold-out, normalisation), from the exported
// weights; the same file runs alone or under torchrun with DistributedDataParallel.

/** The torch.optim constructor call matching the engine's optimizer and settings. */
function optimizerCall(h: Hyperparameters): string {
  const o = h.options;
  if (h.optimizer === 'sgd') {
    return `torch.optim.SGD(parameters, lr=learning_rate, momentum=${py(o.momentum)}, nesterov=${py(o.nesterov)}, weight_decay=${py(o.weightDecay)})`;
  }
  const className = h.optimizer === 'adamw' ? 'AdamW' : 'Adam';
  return `torch.optim.${className}(parameters, lr=learning_rate, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.epsilon)}, weight_decay=${py(o.weightDecay)})`;
}

/** The body of learning_rate(step, steps_per_epoch, total_steps, base): the engine's schedule. */
function scheduleBody(s: Schedule): string[] {
  const warm =
    s.warmupSteps > 0
      ? `warm = (step + 1) / ${s.warmupSteps} if step < ${s.warmupSteps} else 1`
      : 'warm = 1';
  switch (s.type) {
    case 'constant':
      return [warm, 'return base * warm'];
    case 'step':
      return [
        warm,
        `return base * warm * ${py(s.gamma)} ** ((step // steps_per_epoch) // ${s.everyEpochs})`,
      ];
    case 'cosine':
      return [
        warm,
        `span = max(1, total_steps - ${s.warmupSteps})`,
        `t = min(max(0, step - ${s.warmupSteps}), span)`,
        `return base * warm * (${py(s.minFactor)} + (1 - ${py(s.minFactor)}) * (1 + math.cos(math.pi * t / span)) / 2)`,
      ];
  }
}

function describeSchedule(s: Schedule): string {
  const warmup = s.warmupSteps > 0 ? `, ${s.warmupSteps} warm-up steps` : '';
  if (s.type === 'step')
    return `step schedule (×${s.gamma} every ${s.everyEpochs} epochs${warmup})`;
  if (s.type === 'cosine') return `cosine schedule (down to ×${s.minFactor}${warmup})`;
  return `constant rate${warmup}`;
}

export function trainPy(
  h: Hyperparameters,
  preprocessing: Preprocessing,
  softmaxHead: boolean,
  modelName: string,
): string {
  const settings = Object.entries(h.options)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  const epochs = `${h.epochs} epoch${h.epochs === 1 ? '' : 's'}`;
  const augment = h.augment ? ', random shifts of ±2 pixels' : '';
  return `"""Trains ${modelName} on MNIST the way CNN Studio does.

The model of model.py, from the exported weights: batch ${h.batchSize}, ${epochs}, seed ${h.seed},
${h.optimizer} (${settings}), ${describeSchedule(h.schedule)}${augment}; the last
--validation training images held out to validate each epoch, then the test images.

    python3 train.py --data DIR                        # one process (on a GPU if there is one)
    torchrun --nproc_per_node=N train.py --data DIR    # N processes, DistributedDataParallel

DIR holds the MNIST IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte,
t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped or not. Under torchrun each of the
N processes takes batch/N samples of every step, so a step still averages over the whole batch;
they talk over gloo on CPUs and NCCL on GPUs. Batch normalisation keeps per-process batch
statistics (rank 0's running statistics are kept). The trained weights and the normalisation
used are written as a CNN Studio model document (--out), which CNN Studio opens.
"""

import argparse
import gzip
import math
import os
import struct
import time
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

from model import INPUT_SHAPE, MEAN, STD, Model, load_weights, save_weights

HERE = Path(__file__).resolve().parent
BATCH_SIZE = ${h.batchSize}
EPOCHS = ${h.epochs}
SEED = ${h.seed}
LEARNING_RATE = ${py(h.options.learningRate)}
AUGMENT = ${py(h.augment)}
NORMALIZATION = ${py(preprocessing.kind)}
VALIDATION_IMAGES = 5000
MNIST_SIDE = 28
MAX_SHIFT = 2


def make_optimizer(parameters, learning_rate):
    return ${optimizerCall(h)}


def learning_rate(step, steps_per_epoch, total_steps, base):
    """The rate of step \`step\` (from 0), as CNN Studio's schedule gives it."""
${scheduleBody(h.schedule)
  .map((line) => `    ${line}`)
  .join('\n')}


def scores(net, x):
    """What the loss is taken on: ${softmaxHead ? "the scores before the model's final softmax" : "the model's output (logits)"}."""
    return ${softmaxHead ? 'net(x, scores=True)' : 'net(x)'}


def read_idx(path):
    """An IDX file of unsigned bytes (MNIST's format) as a uint8 tensor."""
    with (gzip.open if path.suffix == '.gz' else open)(path, 'rb') as file:
        data = file.read()
    if len(data) < 4 or data[:3] != b'\\x00\\x00\\x08':
        raise SystemExit(f'{path} is not an IDX file of unsigned bytes')
    rank = data[3]
    dims = struct.unpack(f'>{rank}I', data[4 : 4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank :]), dtype=torch.uint8).reshape(dims)


def read_mnist(data_dir, prefix):
    def find(stem):
        for name in (stem, stem + '.gz'):
            if (data_dir / name).is_file():
                return data_dir / name
        raise SystemExit(f'{stem} (or {stem}.gz) is not in {data_dir}; pass --data DIR')

    images = read_idx(find(f'{prefix}-images-idx3-ubyte'))
    return images, read_idx(find(f'{prefix}-labels-idx1-ubyte')).long()


def normalization(train_images):
    """mean and std: the exported ones, or the training split's (population std), as CNN Studio."""
    if MEAN is not None:
        return MEAN, STD
    x = train_images.double() / 255
    return x.mean().item(), (x.std(unbiased=False).item() or 1.0)


def as_inputs(images, labels, mean, std):
    """Images as network inputs, centred on a black border when the input is larger than 28×28."""
    x = (images.float() / 255 - mean) / std
    _, height, width = INPUT_SHAPE
    top, left = (height - MNIST_SIDE) // 2, (width - MNIST_SIDE) // 2
    border = (left, width - MNIST_SIDE - left, top, height - MNIST_SIDE - top)
    return TensorDataset(F.pad(x, border, value=(0 - mean) / std).unsqueeze(1), labels)


def shift(x, fill):
    """Each image moved by a random whole-pixel shift of up to MAX_SHIFT each way."""
    n, _, height, width = x.shape
    padded = F.pad(x, (MAX_SHIFT,) * 4, value=fill)
    dy, dx = (MAX_SHIFT - torch.randint(-MAX_SHIFT, MAX_SHIFT + 1, (2, n))).tolist()
    return torch.stack([padded[i, :, dy[i] : dy[i] + height, dx[i] : dx[i] + width] for i in range(n)])


@torch.no_grad()
def evaluate(model, dataset, device):
    model.eval()
    correct = 0
    for x, y in DataLoader(dataset, batch_size=1000):
        correct += (model(x.to(device)).argmax(1) == y.to(device)).sum().item()
    return correct


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data', type=Path, default=Path('mnist'), help='folder of the MNIST IDX files')
    parser.add_argument('--epochs', type=int, default=EPOCHS)
    parser.add_argument('--batch-size', type=int, default=BATCH_SIZE, help='samples per step, all processes together')
    parser.add_argument('--lr', type=float, default=LEARNING_RATE, help='base learning rate')
    parser.add_argument('--validation', type=int, default=VALIDATION_IMAGES, help='training images held out')
    parser.add_argument('--steps', type=int, default=0, help='stop after this many steps (0: run every epoch)')
    parser.add_argument('--weights', type=Path, default=HERE / 'weights.json', help='starting weights, a CNN Studio model document')
    parser.add_argument('--out', type=Path, default=Path('trained.json'), help='where to write the trained model document')
    args = parser.parse_args()
    if INPUT_SHAPE[0] != 1 or min(INPUT_SHAPE[1:]) < MNIST_SIDE:
        raise SystemExit(f'MNIST images are 1x28x28, but this model takes {INPUT_SHAPE}')

    distributed = 'WORLD_SIZE' in os.environ  # set by torchrun
    cuda = torch.cuda.is_available()
    rank, world, local_rank = 0, 1, 0
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
        rank, world = dist.get_rank(), dist.get_world_size()
        local_rank = int(os.environ['LOCAL_RANK'])
    device = torch.device('cuda', local_rank) if cuda else torch.device('cpu')
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(SEED + rank)  # the same start everywhere comes from the weights file
    log = print if rank == 0 else (lambda *_: None)

    images, labels = read_mnist(args.data, 'train')
    kept = len(images) - args.validation
    if not 0 < kept <= len(images):
        raise SystemExit(f'--validation must be from 0 to {len(images) - 1}, got {args.validation}')
    mean, std = normalization(images[:kept])
    train = as_inputs(images[:kept], labels[:kept], mean, std)
    validation = as_inputs(images[kept:], labels[kept:], mean, std)
    test = as_inputs(*read_mnist(args.data, 't10k'), mean, std)

    model = load_weights(Model(), args.weights).to(device)
    net = model
    if distributed:
        net = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)
    per_process = max(1, args.batch_size // world)
    sampler = None
    if distributed:
        sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=SEED)
    loader = DataLoader(
        train,
        batch_size=per_process,
        sampler=sampler,
        shuffle=sampler is None,
        generator=torch.Generator().manual_seed(SEED),
    )
    optimizer = make_optimizer(model.parameters(), args.lr)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total_steps = steps_per_epoch * args.epochs
    log(f'training on {world} process(es), {device}, {per_process} samples each per step')

    step, start = 0, time.time()
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        for x, y in loader:
            if AUGMENT:
                x = shift(x, (0 - mean) / std)
            for group in optimizer.param_groups:
                group['lr'] = learning_rate(step, steps_per_epoch, total_steps, args.lr)
            optimizer.zero_grad()
            loss = F.cross_entropy(scores(net, x.to(device)), y.to(device))
            loss.backward()
            optimizer.step()
            step += 1
            if step % 100 == 0 or step == args.steps:
                log(f'epoch {epoch + 1} step {step} loss {loss.item():.4f}')
            if step == args.steps:
                break
        if rank == 0 and len(validation) > 0:
            correct = evaluate(model, validation, device)
            log(f'epoch {epoch + 1} validation accuracy: {correct / len(validation):.2%} ({correct}/{len(validation)})')
        if step == args.steps:
            break

    if rank == 0:
        correct = evaluate(model, test, device)
        seconds = time.time() - start
        log(f'test accuracy: {correct / len(test):.2%} ({correct}/{len(test)}) in {seconds:.1f} s')
        used = {'normalization': {'kind': NORMALIZATION, 'mean': mean, 'std': std}}
        save_weights(model, args.out, args.weights, used)
        log(f'wrote {args.out}')
    if distributed:
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`;
}
