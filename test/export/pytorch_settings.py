"""Reads the training settings of exported train.py files for test/export/pytorch.test.ts.

For each folder given: imports its train.py (with its model.py) and prints one JSON line: the
constants, the optimizer make_optimizer builds (class and settings as torch holds them), and the
rate learning_rate gives each step of a plan of STEPS_PER_EPOCH × EPOCHS steps.
"""

import json
import sys

import torch

STEPS_PER_EPOCH = 60
EPOCHS = 10

for folder in sys.argv[1:]:
    # Each folder has its own model.py and train.py under the same module names.
    sys.modules.pop('model', None)
    sys.modules.pop('train', None)
    sys.path.insert(0, folder)
    import train

    sys.path.remove(folder)
    optimizer = train.make_optimizer([torch.zeros(1, requires_grad=True)], train.LEARNING_RATE)
    total = STEPS_PER_EPOCH * EPOCHS
    rates = [
        train.learning_rate(step, STEPS_PER_EPOCH, total, train.LEARNING_RATE)
        for step in range(total)
    ]
    settings = {
        'batchSize': train.BATCH_SIZE,
        'epochs': train.EPOCHS,
        'seed': train.SEED,
        'learningRate': train.LEARNING_RATE,
        'augment': train.AUGMENT,
        'optimizer': type(optimizer).__name__,
        'defaults': optimizer.defaults,
        'plan': {'stepsPerEpoch': STEPS_PER_EPOCH, 'totalSteps': total},
        'rates': rates,
    }
    print(json.dumps(settings))
