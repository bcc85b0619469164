// The kernels of every conv layer: fetched live a few times a second while training, or as they
// were at the end of an epoch (checkpoints never change, so those are fetched once).

import type { EventOf } from '../../../shared/protocol';
import { oneAtATime } from '../oneAtATime';
import type { TrainingSession } from '../session/session.svelte';

export type KernelSnapshot = EventOf<'kernels'>;

/** How often live kernels are fetched while training. */
export const KERNEL_REFRESH_MS = 300;

export class KernelStore {
  /** By layer id: what the grids show. */
  snapshots: Readonly<Record<string, KernelSnapshot>> = $state.raw({});
  /** Epochs with a checkpoint (0: before training), as the worker last said. */
  epochs: readonly number[] = $state.raw([0]);
  // A cache of what never changes (checkpoints); nothing renders from it, so it is not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #checkpoints = new Map<string, KernelSnapshot>();
  #generation = -1;

  constructor(private readonly session: TrainingSession) {}

  /** The conv layers of the loaded model, in run order. */
  get layers(): string[] {
    return (this.session.loaded?.summary ?? []).filter((s) => s.type === 'conv2d').map((s) => s.id);
  }

  /**
   * Fetches every conv layer's kernels, now (`epoch` null) or at an epoch's end. Calls while one is
   * in flight collapse into one that runs after it, for the last epoch asked.
   */
  readonly refresh = oneAtATime(async (epoch: number | null) => {
    if (!this.session.loaded) return;
    const generation = this.session.generation;
    if (generation !== this.#generation) {
      this.#checkpoints.clear();
      this.#generation = generation;
    }
    try {
      const next: Record<string, KernelSnapshot> = {};
      for (const layer of this.layers) next[layer] = await this.#fetch(layer, epoch);
      if (generation !== this.session.generation) return;
      this.snapshots = next;
      const last = Object.values(next).at(-1);
      if (last) this.epochs = last.epochs;
    } catch {
      // A new load or a crash in between; the session reports what went wrong.
    }
  });

  async #fetch(layer: string, epoch: number | null): Promise<KernelSnapshot> {
    if (epoch === null) return this.session.kernels(layer);
    const key = `${layer}@${epoch}`;
    const kept = this.#checkpoints.get(key);
    if (kept) return kept;
    const snapshot = await this.session.kernels(layer, epoch);
    this.#checkpoints.set(key, snapshot);
    return snapshot;
  }
}
