import { ModelError } from './model/errors';
import { formatShape } from './model/format';
import type { Shape } from './model/types';
import { quote } from './quote';

// A network's memory, planned before any of it is allocated: the weights (with their gradients
// and the optimizer's state when training) and, for every image of a batch, each layer's output,
// what layers keep for backward, and in training the outputs' gradients. A plan that does not fit
// is refused in words, saying how much it needs and what to change.

/**
 * Bytes a network may hold: the WebAssembly kernels' memory (MAX_PAGES pages of 64 KiB; a test
 * keeps the two equal). The reference kernels are held to it too, so a model runs on either.
 */
export const MEMORY_LIMIT = 2 ** 31;

/** What a network holds, in 4-byte values. */
export interface NetworkFootprint {
  /** Trainable weights; as many gradients again once it trains. */
  parameters: number;
  /** Running statistics. */
  state: number;
  /** Every layer's output for one image; as many gradients again for each image of training. */
  activations: number;
  /** What layers keep from forward for backward, for one image. */
  kept: number;
  /** The layer whose output is largest, to name when one image does not fit. */
  largest: { id: string; type: string; shape: Shape; values: number };
}

/** The images a network holds buffers for, and the optimizer's state beside its weights. */
export interface MemoryUse {
  /** Images of inference. */
  batch: number;
  /** Images of training; 0 while the network has not trained (no gradients at all). */
  trainingBatch: number;
  /** 4-byte values of optimizer state. */
  optimizer: number;
}

export function bytesNeeded(f: NetworkFootprint, use: MemoryUse): number {
  const training = use.trainingBatch > 0;
  const weights = f.parameters * (training ? 2 : 1) + f.state + use.optimizer;
  const images = Math.max(use.batch, use.trainingBatch);
  return 4 * (weights + images * (f.activations + f.kept) + use.trainingBatch * f.activations);
}

/** The most images of `which` that fit beside the rest of `use` (0 if none do). */
export function largestBatch(
  f: NetworkFootprint,
  use: MemoryUse,
  which: 'batch' | 'trainingBatch',
): number {
  let low = 0;
  let high = Math.max(1, use[which]);
  while (bytesNeeded(f, { ...use, [which]: high }) <= MEMORY_LIMIT) high *= 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (bytesNeeded(f, { ...use, [which]: mid }) <= MEMORY_LIMIT) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Throws a ModelError unless `use` fits: what does not fit, how much it needs, and what to change
 * (the batch size, when a smaller batch would fit; else the layer or weights at fault).
 */
export function checkMemory(f: NetworkFootprint, use: MemoryUse): void {
  const bytes = bytesNeeded(f, use);
  if (bytes <= MEMORY_LIMIT) return;
  const limit = `CNN Studio holds at most ${formatBytes(MEMORY_LIMIT)}`;
  const which = use.trainingBatch >= use.batch ? 'trainingBatch' : 'batch';
  const fits = largestBatch(f, { ...use, batch: Math.min(use.batch, 1) }, which);
  if (fits >= 1) {
    const images = use[which];
    throw new ModelError([
      {
        field: 'batchSize',
        message: `batchSize: ${which === 'trainingBatch' ? 'training' : 'inference'} on ${images} images at once needs ${formatBytes(bytes)}; ${limit}: use a batch of at most ${fits}`,
      },
    ]);
  }
  const one = { ...use, batch: 1, trainingBatch: Math.min(use.trainingBatch, 1) };
  const needs = `one image through the model needs ${formatBytes(bytesNeeded(f, one))}`;
  const weightBytes = 4 * (f.parameters + f.state);
  if (weightBytes * 2 > MEMORY_LIMIT) {
    throw new ModelError(
      `the model's ${f.parameters + f.state} weights take ${formatBytes(weightBytes)}, and ${needs}; ${limit}: use fewer filters or units`,
    );
  }
  const { id, type, shape, values } = f.largest;
  throw new ModelError([
    {
      nodeId: id,
      message: `node ${quote(id)} (${type}) outputs ${formatShape(shape)} values (${formatBytes(4 * values)}) per image, and ${needs}; ${limit}: make its output smaller (fewer filters or units, a stride or pooling before it, or a smaller input)`,
    },
  ]);
}

/** `512 GiB`, `1.5 MiB`: binary units, three significant digits at most. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}
