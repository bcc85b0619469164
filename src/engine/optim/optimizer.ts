// Optimizers as { init, update } over the network's one flat parameter buffer, PyTorch semantics.

export interface OptimizerState {
  type: string;
  step: number;
  /** Named per-parameter buffers (momentum, moments), each as long as the parameters. */
  buffers: Record<string, Float32Array>;
}

export interface Optimizer {
  readonly type: string;
  /** The settings in use, with defaults filled in. */
  readonly options: Readonly<Record<string, number | boolean>>;
  learningRate: number;
  /** 4-byte values of state it holds beside the parameters (momentum, moments). */
  readonly stateSize: number;
  /** One step: parameters move against their gradients. */
  update(parameters: Float32Array, gradients: Float32Array): void;
  /** A copy of the state, to save and restore training exactly. */
  state(): OptimizerState;
  restore(state: OptimizerState): void;
}

export function checkState(
  state: OptimizerState,
  type: string,
  names: string[],
  length: number,
): void {
  if (state.type !== type)
    throw new RangeError(`optimizer state is for "${state.type}", not "${type}"`);
  if (!Number.isInteger(state.step) || state.step < 0)
    throw new RangeError('optimizer state step must be a whole number ≥ 0');
  for (const name of names) {
    const b = state.buffers[name];
    if (!(b instanceof Float32Array) || b.length !== length) {
      throw new RangeError(
        `optimizer state buffer "${name}" must be a Float32Array of ${length} values`,
      );
    }
  }
}
