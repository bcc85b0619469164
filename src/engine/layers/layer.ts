import type * as v from 'valibot';
import type { Kernels } from '../kernels';
import type { Random } from '../random';
import type { LayerType, ReceptiveField, Shape } from '../model/types';

/** A shape rule's refusal: the setting at fault (if one is) and a sentence without the node prefix. */
export class ShapeError extends Error {
  constructor(
    message: string,
    readonly setting?: string,
  ) {
    super(message);
  }
}

/** Where a layer's inputs come from, for messages that name them. */
export interface ShapeInput {
  id: string;
  shape: Shape;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  /** Trainable weights get gradients and optimizer updates; running statistics do not. */
  trainable: boolean;
  init: 'he' | 'zeros' | 'ones';
  /** Fan-in for He initialisation. */
  fanIn?: number;
}

/** What every forward and backward call receives. Buffers hold `batch` samples, NCHW. */
export interface Pass {
  batch: number;
  training: boolean;
  inputs: Float32Array[];
  output: Float32Array;
  weights: Record<string, Float32Array>;
  random: Random;
}

export interface BackwardPass extends Pass {
  dOutput: Float32Array;
  /** Gradients of the inputs, accumulated into (`+=`); null where no gradient is needed. */
  dInputs: (Float32Array | null)[];
  /** Gradients of the trainable weights, accumulated into (`+=`). */
  dWeights: Record<string, Float32Array>;
}

/** A layer made for fixed input shapes: forward and backward side by side. */
export interface LayerRun {
  forward(pass: Pass): void;
  backward(pass: BackwardPass): void;
}

export interface RunContext {
  kernels: Kernels;
}

export type LayerGroup =
  'Input' | 'Convolution' | 'Pooling' | 'Dense' | 'Activation' | 'Regularisation' | 'Merge';

/** A layer type, one registry entry: its settings, shape rule, costs and computation. */
export interface LayerDef<Config = unknown> {
  type: LayerType;
  group: LayerGroup;
  title: string;
  description: string;
  /** How many incoming edges: none (input), exactly one, or two or more (merges). */
  arity: 'none' | 'one' | 'many';
  /** Validates `params` (strict: unknown keys are errors) and fills in the defaults. */
  params: v.GenericSchema<unknown, Config>;
  /** Settings that must be present. */
  required: readonly string[];
  /**
   * Its output has its input's channels, in order (activations, pooling, dropout, normalisation),
   * so a convolution behind it reads what it reads: fitting a model to fewer input channels
   * changes that convolution too.
   */
  keepsChannels: boolean;
  /**
   * Given class scores it gives as many, in order (activations, softmax, dropout, normalisation,
   * global pooling, flatten), so the layer before it is still the classifier when fitting a
   * model to another dataset's classes.
   */
  keepsClasses: boolean;
  outputShape(config: Config, inputs: ShapeInput[]): Shape;
  weights?(config: Config, inputs: Shape[]): WeightSpec[];
  macs?(config: Config, inputs: Shape[], output: Shape): number;
  /** How the layer grows the receptive field; elementwise layers (the default) keep it. */
  receptiveField?(
    config: Config,
    inputs: ReceptiveField[],
    shapes: { inputs: Shape[]; network: Shape },
  ): ReceptiveField;
  /** 4-byte values per image the layer keeps from forward for backward (none: absent). */
  kept?(config: Config, inputs: Shape[], output: Shape): number;
  /** The settings as a short line for a node card, e.g. `16 · 5×5 · s1 · same`. */
  caption?(config: Config): string;
  create(config: Config, inputs: Shape[], output: Shape, ctx: RunContext): LayerRun;
}
