import { checkWhole } from './checks';
import { createKernels, type KernelsOption, type Kernels } from './kernels';
import { activationRun, fusedActivation } from './layers/activation';
import type { BackwardPass, LayerRun, WeightSpec } from './layers/layer';
import { layerDef } from './layers/registry';
import { softmaxCrossEntropy } from './loss';
import { LEAKY_RELU_SLOPE } from './math/activations';
import { encodeFloat32Base64 } from './model/base64';
import {
  checkMemory,
  footprintOf,
  largestBatch,
  memoryPlan,
  type MemoryPlan,
  type MemoryUse,
  type NetworkFootprint,
  type PlannedLayer,
} from './memory';
import { ModelError, type Problem } from './model/errors';
import { sizeOf } from './model/format';
import { inferSpecShapes, type InferredNode } from './model/shapes';
import type { LayerSummary, ModelDocument, ModelSpec, NodeDoc, Shape } from './model/types';
import { Random, seedFor } from './random';
import { quote } from './quote';

/** Mean milliseconds one step of a layer took in `timeSteps`. */
export interface StepTime {
  nodeId: string;
  /** The layer's type, or the name of the activation fused into it, which runs as a step of its own. */
  kind: string;
  forward: number;
  backward: number;
}

export interface NetworkOptions {
  /** Seed for weights the document does not carry, and for dropout masks. */
  seed?: number;
  /**
   * The compute kernels: by default the fastest this runtime has, on one thread; by name
   * (`'reference'`, the TypeScript oracle; `'wasm-simd'`; `'wasm-relaxed-simd'`); or kernels
   * a host made for this network (e.g. `create()` of `loadKernels({ threads })`).
   */
  kernels?: KernelsOption;
}

/** Where one weight tensor lives in the flat parameter (trainable) or state (running statistics) buffer. */
export interface TensorSlot {
  nodeId: string;
  name: string;
  shape: number[];
  trainable: boolean;
  offset: number;
  size: number;
}

interface Step {
  nodeId: string;
  /** The layer's type, or the fused activation's name for the step that applies it. */
  kind: string;
  run: LayerRun;
  /** Buffer indices of the inputs and the output. */
  inputs: number[];
  output: number;
  pass: BackwardPass;
}

/**
 * A network made from a spec: one flat buffer of parameters, one of gradients (made when it first
 * trains), layers holding views. Its memory is planned before it is allocated (memory.ts).
 */
export class Network {
  readonly spec: ModelSpec;
  readonly summary: LayerSummary[];
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Every trainable weight, end to end; `slots` says where each tensor is. */
  readonly parameters: Float32Array;
  /** Running statistics (not trained by gradients). */
  readonly state: Float32Array;
  readonly slots: readonly TensorSlot[];
  /** The slots of each node, so a node's tensors are found without reading every slot. */
  private readonly slotsOf = new Map<string, TensorSlot[]>();

  private readonly steps: Step[];
  private readonly bufferSizes: number[];
  private readonly nodeBuffer = new Map<string, number>();
  private readonly random: Random;
  private readonly softmaxHead: boolean;
  /** Where buffers are allocated, so the kernels use them in place. */
  readonly kernels: Kernels;
  private readonly footprint: NetworkFootprint;
  /** What the buffers below hold now. */
  private use: MemoryUse = { batch: 0, trainingBatch: 0, optimizer: 0 };
  private values: Float32Array[] = [];
  private grads: Float32Array[] = [];
  private parameterGradients: Float32Array | null = null;
  /** Points each step at its weights' gradients, once they exist. */
  private readonly weightGradients: (() => void)[] = [];

  constructor(spec: ModelSpec, options: NetworkOptions = {}) {
    const inferred = inferSpecShapes(spec);
    const problems: Problem[] = [];
    for (const id of spec.order) {
      const info = inferred.get(id)!;
      if (info.error)
        problems.push({ nodeId: id, message: `node ${quote(id)} (${info.type}): ${info.error}` });
    }
    if (problems.length > 0) throw new ModelError(problems);

    this.spec = spec;
    this.summary = spec.order.map((id) => {
      const { type, outputShape, params, macs, error, receptiveField } = inferred.get(id)!;
      return { id, type, outputShape, params, macs, error, receptiveField };
    });
    const seed = options.seed ?? numberOr(spec.training?.seed, 0);
    const kernels = createKernels(options.kernels);
    this.random = new Random(seedFor(seed, 'dropout'));

    const slots: TensorSlot[] = [];
    const slotSpecs: WeightSpec[] = [];
    let trainableSize = 0;
    let stateSize = 0;
    for (const nodeId of spec.order) {
      const weights = inferred.get(nodeId)!.weights;
      if (weights.length === 0) continue;
      const ofNode: TensorSlot[] = [];
      for (const w of weights) {
        const size = sizeOf(w.shape);
        const offset = w.trainable ? trainableSize : stateSize;
        if (w.trainable) trainableSize += size;
        else stateSize += size;
        const slot = { nodeId, name: w.name, shape: w.shape, trainable: w.trainable, offset, size };
        ofNode.push(slot);
        slots.push(slot);
        slotSpecs.push(w);
      }
      this.slotsOf.set(nodeId, ofNode);
    }
    this.slots = slots;
    this.kernels = kernels;
    this.footprint = footprintOf(plannedLayers(spec.order, inferred));
    checkMemory(this.footprint, { batch: 1, trainingBatch: 0, optimizer: 0 });
    this.parameters = kernels.newFloat32(trainableSize);
    this.state = kernels.newFloat32(stateSize);
    slots.forEach((slot, i) =>
      this.initialise(slot, slotSpecs[i], spec.weights[slot.nodeId]?.[slot.name]?.data, seed),
    );

    const inputId = spec.order[0];
    const outputId = spec.order[spec.order.length - 1];
    this.inputShape = inferred.get(inputId)!.outputShape!;
    this.outputShape = inferred.get(outputId)!.outputShape!;
    this.inputSize = sizeOf(this.inputShape);
    this.outputSize = sizeOf(this.outputShape);

    this.bufferSizes = [];
    const newBuffer = (size: number) => this.bufferSizes.push(size) - 1;
    this.steps = [];
    for (const id of spec.order) {
      const info = inferred.get(id)!;
      // Every node of a parsed spec has valid settings.
      const config = info.config!;
      const def = layerDef(info.type)!;
      const outSize = sizeOf(info.outputShape!);
      if (info.type === 'input') {
        this.nodeBuffer.set(id, newBuffer(outSize));
        continue;
      }
      const inputs = spec.inputsOf[id].map((src) => this.nodeBuffer.get(src)!);
      const fused = fusedActivation(config);
      const linear = newBuffer(outSize);
      this.addStep(
        id,
        info.type,
        def.create(config, info.inputShapes!, info.outputShape!, { kernels }),
        inputs,
        linear,
      );
      if (fused) {
        const activated = newBuffer(outSize);
        const rowLength = info.outputShape!.length === 1 ? info.outputShape![0] : outSize;
        this.addStep(
          id,
          fused,
          activationRun(fused, LEAKY_RELU_SLOPE, rowLength, kernels),
          [linear],
          activated,
        );
        this.nodeBuffer.set(id, activated);
      } else {
        this.nodeBuffer.set(id, linear);
      }
    }
    const output = inferred.get(outputId)!;
    this.softmaxHead =
      output.type === 'softmax' ||
      (output.config as { activation?: string }).activation === 'softmax';
  }

  private addStep(
    nodeId: string,
    kind: string,
    run: LayerRun,
    inputs: number[],
    output: number,
  ): void {
    const views = (trainableOnly: boolean, buffer: () => Float32Array) => {
      const out: Record<string, Float32Array> = {};
      for (const s of this.slotsOf.get(nodeId) ?? []) {
        if (trainableOnly && !s.trainable) continue;
        const source = s.trainable ? buffer() : this.state;
        out[s.name] = source.subarray(s.offset, s.offset + s.size);
      }
      return out;
    };
    const pass: BackwardPass = {
      batch: 0,
      training: false,
      inputs: [],
      output: new Float32Array(0),
      weights: views(false, () => this.parameters),
      random: this.random,
      dOutput: new Float32Array(0),
      dInputs: [],
      // Set once the network trains and has gradients.
      dWeights: {},
    };
    this.weightGradients.push(() => (pass.dWeights = views(true, () => this.gradients)));
    this.steps.push({ nodeId, kind, run, inputs, output, pass });
  }

  private initialise(
    slot: TensorSlot,
    w: WeightSpec,
    given: Float32Array | undefined,
    seed: number,
  ): void {
    const target = (slot.trainable ? this.parameters : this.state).subarray(
      slot.offset,
      slot.offset + slot.size,
    );
    if (given) {
      target.set(given);
    } else if (w.init === 'he') {
      const random = new Random(seedFor(seed, `${slot.nodeId}/${slot.name}`));
      const std = Math.sqrt(2 / (w.fanIn ?? 1));
      for (let i = 0; i < target.length; i++) target[i] = random.normal() * std;
    } else {
      target.fill(w.init === 'ones' ? 1 : 0);
    }
  }

  /** Gradients, laid out as `parameters`; made on first use (inference never needs them). */
  get gradients(): Float32Array {
    if (!this.parameterGradients) {
      checkMemory(this.footprint, { ...this.use, trainingBatch: 1 });
      this.allocateGradients();
    }
    return this.parameterGradients!;
  }

  private allocateGradients(): void {
    this.parameterGradients = this.kernels.newFloat32(this.parameters.length);
    for (const point of this.weightGradients) point();
  }

  /**
   * Allocates buffers for `batch` images of inference and `trainingBatch` of training (with the
   * weights' gradients), and counts `optimizer` values of optimizer state as held beside them;
   * buffers are kept and reused by every later call that fits. Throws a ModelError saying what to
   * change, before allocating anything, when they would not fit in memory.
   */
  prepare(wanted: Partial<MemoryUse>): void {
    const use: MemoryUse = {
      batch: Math.max(this.use.batch, wanted.batch ?? 0, wanted.trainingBatch ?? 0),
      trainingBatch: Math.max(this.use.trainingBatch, wanted.trainingBatch ?? 0),
      optimizer: Math.max(this.use.optimizer, wanted.optimizer ?? 0),
    };
    const held = this.use;
    if (
      use.batch === held.batch &&
      use.trainingBatch === held.trainingBatch &&
      use.optimizer === held.optimizer
    )
      return;
    checkMemory(this.footprint, use);
    if (use.batch > held.batch)
      this.values = this.bufferSizes.map((size) => this.kernels.newFloat32(size * use.batch));
    if (use.trainingBatch > held.trainingBatch)
      this.grads = this.bufferSizes.map((size) =>
        this.kernels.newFloat32(size * use.trainingBatch),
      );
    if (use.trainingBatch > 0 && !this.parameterGradients) this.allocateGradients();
    const inputBuffer = this.bufferSizes.length > 0 ? this.nodeBuffer.get(this.spec.order[0]) : -1;
    for (const step of this.steps) {
      step.pass.inputs = step.inputs.map((i) => this.values[i]);
      step.pass.output = this.values[step.output];
      if (use.trainingBatch === 0) continue;
      step.pass.dOutput = this.grads[step.output];
      step.pass.dInputs = step.inputs.map((i) => (i === inputBuffer ? null : this.grads[i]));
    }
    this.use = use;
  }

  /**
   * The bytes this network would hold for batches of `batch` images: training (the default, with
   * `optimizerState` values of optimizer state, e.g. an optimizer's `stateSize`) or inference.
   * The plan `prepare` checks before it allocates.
   */
  memoryBytes(
    batch: number,
    { training = true, optimizerState = 0 }: { training?: boolean; optimizerState?: number } = {},
  ): MemoryPlan {
    checkWhole('batch', batch);
    return memoryPlan(
      this.footprint,
      training
        ? { batch, trainingBatch: batch, optimizer: optimizerState }
        : { batch, trainingBatch: 0, optimizer: 0 },
    );
  }

  /** The most images one inference batch may hold beside what the network holds now. */
  largestBatch(): number {
    return largestBatch(this.footprint, this.use, 'batch');
  }

  private checkBatch(input: Float32Array, batch: number): void {
    checkWhole('batch', batch);
    if (!(input instanceof Float32Array)) throw new TypeError('input must be a Float32Array');
    if (input.length !== batch * this.inputSize) {
      throw new RangeError(
        `input holds ${input.length} values but a batch of ${batch} × [${this.inputShape.join(', ')}] needs ${batch * this.inputSize}`,
      );
    }
  }

  /** Runs the batch through every layer; returns a view of the output, valid until the next call. */
  forward(input: Float32Array, batch: number, training: boolean): Float32Array {
    return this.runForward(input, batch, training, null);
  }

  /** `forward`, adding each step's milliseconds to `times` when given. */
  private runForward(
    input: Float32Array,
    batch: number,
    training: boolean,
    times: Float64Array | null,
  ): Float32Array {
    this.checkBatch(input, batch);
    this.prepare(training ? { trainingBatch: batch } : { batch });
    this.values[this.nodeBuffer.get(this.spec.order[0])!].set(input);
    for (let s = 0; s < this.steps.length; s++) {
      const step = this.steps[s];
      step.pass.batch = batch;
      step.pass.training = training;
      const start = times ? performance.now() : 0;
      step.run.forward(step.pass);
      if (times) times[s] += performance.now() - start;
    }
    return this.values[this.outputBuffer()].subarray(0, batch * this.outputSize);
  }

  /** After a training forward: the batch-mean loss, with gradients of every parameter added into `gradients`. */
  backward(labels: ArrayLike<number>, batch: number): number {
    return this.runBackward(labels, batch, null);
  }

  /** `backward`, adding each step's milliseconds to `times` when given. */
  private runBackward(
    labels: ArrayLike<number>,
    batch: number,
    times: Float64Array | null,
  ): number {
    if (labels.length < batch)
      throw new RangeError(`labels holds ${labels.length} values but the batch has ${batch}`);
    if (batch > this.use.trainingBatch)
      throw new RangeError(`backward needs a training forward of the batch of ${batch} first`);
    for (let n = 0; n < batch; n++) {
      const label = labels[n];
      if (!Number.isInteger(label) || label < 0 || label >= this.outputSize) {
        throw new RangeError(
          `labels[${n}] must be a class index from 0 to ${this.outputSize - 1}, got ${label}`,
        );
      }
    }
    for (let i = 0; i < this.grads.length; i++)
      this.kernels.zero(this.grads[i], batch * this.bufferSizes[i]);
    const last = this.steps.length - 1;
    // A softmax output's gradient is taken straight onto its scores (see loss.ts), so its own step is skipped.
    const head = this.softmaxHead ? this.steps[last].inputs[0] : this.outputBuffer();
    const loss = softmaxCrossEntropy(
      this.values[head],
      labels,
      batch,
      this.outputSize,
      this.grads[head],
    );
    for (let s = this.softmaxHead ? last - 1 : last; s >= 0; s--) {
      const start = times ? performance.now() : 0;
      this.steps[s].run.backward(this.steps[s].pass);
      if (times) times[s] += performance.now() - start;
    }
    return loss;
  }

  /**
   * A profile: `repeats` training steps of this batch (forward, then backward from the loss), after
   * one untimed step that meets the shapes, timed layer by layer; the mean milliseconds of each
   * step (a fused activation is a step of its own). Gradients are added to; weights do not change.
   */
  timeSteps(
    input: Float32Array,
    labels: ArrayLike<number>,
    batch: number,
    repeats = 5,
  ): StepTime[] {
    checkWhole('repeats', repeats);
    this.forward(input, batch, true);
    this.backward(labels, batch);
    const forward = new Float64Array(this.steps.length);
    const backward = new Float64Array(this.steps.length);
    for (let r = 0; r < repeats; r++) {
      this.runForward(input, batch, true, forward);
      this.runBackward(labels, batch, backward);
    }
    return this.steps.map((step, s) => ({
      nodeId: step.nodeId,
      kind: step.kind,
      forward: forward[s] / repeats,
      backward: backward[s] / repeats,
    }));
  }

  zeroGradients(): void {
    this.gradients.fill(0);
  }

  /** Inference: the batch's output `[batch, ...outputShape]`, as a new array. */
  predict(input: Float32Array, batch: number): Float32Array {
    return this.forward(input, batch, false).slice();
  }

  /** Training mode: loss of the batch and the gradients of its mean, by node id and weight name. */
  computeGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    batch: number,
  ): { loss: number; grads: Record<string, Record<string, Float32Array>> } {
    this.zeroGradients();
    this.forward(input, batch, true);
    const loss = this.backward(labels, batch);
    const grads: Record<string, Record<string, Float32Array>> = Object.create(null);
    for (const s of this.slots) {
      if (s.trainable)
        (grads[s.nodeId] ??= Object.create(null))[s.name] = this.gradients.slice(
          s.offset,
          s.offset + s.size,
        );
    }
    return { loss, grads };
  }

  /** A view of one weight tensor (parameters or running statistics). */
  tensor(nodeId: string, name: string): Float32Array {
    const s = this.slotsOf.get(nodeId)?.find((x) => x.name === name);
    if (!s) throw new RangeError(`node ${quote(nodeId)} has no tensor ${quote(name)}`);
    return (s.trainable ? this.parameters : this.state).subarray(s.offset, s.offset + s.size);
  }

  /** A view of a node's output from the last forward, `[batch, ...shape]`. */
  activation(nodeId: string, batch: number): Float32Array {
    const index = this.nodeBuffer.get(nodeId);
    if (index === undefined) throw new RangeError(`no node ${quote(nodeId)}`);
    if (batch > this.use.batch)
      throw new RangeError(`the last forward held fewer than ${batch} samples`);
    return this.values[index].subarray(0, batch * this.bufferSizes[index]);
  }

  /** The model document with every weight, base64-encoded; it predicts bit-identically once parsed. */
  toJSON(): ModelDocument {
    const s = this.spec;
    // Without a prototype, ids such as "constructor" or "__proto__" are plain keys.
    const weights: NonNullable<ModelDocument['weights']> = Object.create(null);
    for (const slot of this.slots) {
      (weights[slot.nodeId] ??= Object.create(null))[slot.name] = {
        shape: [...slot.shape],
        data: encodeFloat32Base64(this.tensor(slot.nodeId, slot.name)),
      };
    }
    return {
      format: s.format,
      version: s.version,
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.classes ? { classes: [...s.classes] } : {}),
      nodes: s.nodes.map((n) => {
        const node: NodeDoc = { id: n.id, type: n.type };
        if (Object.keys(n.params).length > 0) node.params = cloneJson(n.params);
        if (n.position) node.position = { ...n.position };
        if (n.label !== undefined) node.label = n.label;
        return node;
      }),
      edges: s.edges.map((e) => ({ ...e })),
      weights,
      ...(s.training ? { training: cloneJson(s.training) } : {}),
      ...(s.meta ? { meta: cloneJson(s.meta) } : {}),
    };
  }

  private outputBuffer(): number {
    return this.nodeBuffer.get(this.spec.order[this.spec.order.length - 1])!;
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

export function createNetwork(spec: ModelSpec, options?: NetworkOptions): Network {
  return new Network(spec, options);
}

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The layers a network of these shapes will hold, for its memory footprint. */
function* plannedLayers(
  order: readonly string[],
  inferred: ReadonlyMap<string, InferredNode>,
): Generator<PlannedLayer> {
  for (const id of order) {
    const { type, config, inputShapes, outputShape, weights } = inferred.get(id)!;
    yield {
      id,
      type,
      config: config!,
      inputShapes: inputShapes ?? [],
      outputShape: outputShape!,
      weights,
    };
  }
}
