import { fusedActivation } from './layers/activation';
import type { WeightSpec } from './layers/layer';
import { layerDef } from './layers/registry';
import { ModelError } from './model/errors';
import { formatShape, sizeOf } from './model/format';
import type { ModelInspection } from './model/inspect';
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

/** One layer as the plan sees it: what it is, its shapes, and the tensors it holds. */
export interface PlannedLayer {
  id: string;
  type: string;
  config: Record<string, unknown>;
  inputShapes: readonly Shape[];
  outputShape: Shape;
  weights: readonly WeightSpec[];
}

/** What a network of these layers (in order, the input first) will hold, before any of it is. */
export function footprintOf(layers: Iterable<PlannedLayer>): NetworkFootprint {
  const footprint: NetworkFootprint = {
    parameters: 0,
    state: 0,
    activations: 0,
    kept: 0,
    largest: { id: '', type: '', shape: [], values: 0 },
  };
  for (const { id, type, config, inputShapes, outputShape, weights } of layers) {
    for (const w of weights) {
      if (w.trainable) footprint.parameters += sizeOf(w.shape);
      else footprint.state += sizeOf(w.shape);
    }
    const values = sizeOf(outputShape);
    // The layer's output, and its fused activation's beside it.
    footprint.activations += fusedActivation(config) ? 2 * values : values;
    if (type !== 'input')
      footprint.kept += layerDef(type)!.kept?.(config, [...inputShapes], outputShape) ?? 0;
    if (values > footprint.largest.values)
      footprint.largest = { id, type, shape: outputShape, values };
  }
  return footprint;
}

/** The footprint of an inspected model, or null while it has problems (its shapes are not all known). */
export function inspectionFootprint(inspection: ModelInspection): NetworkFootprint | null {
  if (!inspection.valid) return null;
  return footprintOf(
    inspection.order.map((id) => {
      const node = inspection.nodes.get(id)!;
      return {
        id,
        type: node.type,
        config: node.config!,
        inputShapes: node.inputShapes!,
        outputShape: node.summary!.outputShape!,
        weights: node.weights,
      };
    }),
  );
}

/** Bytes a network holds for a use, by what they are for. */
export interface MemoryPlan {
  /** Trainable weights and running statistics. */
  weights: number;
  /** Gradients of the weights and of every output of a training batch; 0 for inference. */
  gradients: number;
  /** The optimizer's state (momentum, moments). */
  optimizer: number;
  /** Every layer's output, and what layers keep for backward, for each image of the batch. */
  activations: number;
  total: number;
}

export function memoryPlan(f: NetworkFootprint, use: MemoryUse): MemoryPlan {
  const images = Math.max(use.batch, use.trainingBatch);
  const weights = 4 * (f.parameters + f.state);
  const gradients =
    use.trainingBatch > 0 ? 4 * (f.parameters + use.trainingBatch * f.activations) : 0;
  const optimizer = 4 * use.optimizer;
  const activations = 4 * images * (f.activations + f.kept);
  return {
    weights,
    gradients,
    optimizer,
    activations,
    total: weights + gradients + optimizer + activations,
  };
}

export function bytesNeeded(f: NetworkFootprint, use: MemoryUse): number {
  return memoryPlan(f, use).total;
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
