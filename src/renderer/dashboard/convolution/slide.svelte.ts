// The convolution explainer's moving parts, apart from its drawing: the weights it shows (taken
// from the worker when asked, since they keep changing while training) and the kernel window's
// walk over the output cells, `speed` cells a tick while playing.

import { parseModel, type ModelDocument, type ModelSpec } from '../../../engine';
import { oneAtATime } from '../oneAtATime';

/** What the explainer asks of the training session: its weights now, and the step they are at. */
export interface WeightsSource {
  weights(): Promise<ModelDocument>;
  readonly history: { readonly latest: { readonly step: number } | null };
  readonly finished: { readonly step: number } | null;
}

/** Calls `tick` every `ms` milliseconds until the function it returns is called. */
export type Ticker = (tick: () => void, ms: number) => () => void;

/** How often the playing window moves. */
export const TICK_MS = 90;

const intervalTicker: Ticker = (tick, ms) => {
  const id = setInterval(tick, ms);
  return () => clearInterval(id);
};

export class ConvolutionSlide {
  /** The model with the weights last taken; null before, or when they could not be had. */
  spec: ModelSpec | null = $state.raw(null);
  /** The training step those weights are at. */
  taken = $state(0);
  /** The output cell the window is on, row by row; see `at` for a map smaller than it. */
  index = $state(0);
  playing = $state(false);
  /** Cells the window moves each tick. */
  speed = $state(4);
  #stop: (() => void) | null = null;

  /** `cells` is the number of cells of the output map shown now (0 while there is none). */
  constructor(
    private readonly session: WeightsSource,
    private readonly cells: () => number,
    private readonly ticker: Ticker = intervalTicker,
  ) {}

  /**
   * Takes the session's weights as they are now. Calls while one is in flight collapse into one
   * after it, so the newest weights asked for are the ones shown.
   */
  readonly take = oneAtATime(async () => {
    try {
      this.spec = parseModel(await this.session.weights());
      this.taken = this.session.history.latest?.step ?? this.session.finished?.step ?? 0;
    } catch {
      this.spec = null;
    }
  });

  /** The cell the window is on, within the map shown now. */
  get at(): number {
    return Math.min(this.index, this.cells() - 1);
  }

  /** Whether the window stands part-way through the map, where Play carries on from. */
  get midway(): boolean {
    return this.index > 0 && this.index < this.cells() - 1;
  }

  /** Whether the window is on the map's last cell (or past it). */
  get done(): boolean {
    return this.index >= this.cells() - 1;
  }

  /** Pauses a playing window; otherwise plays on from part-way, or from the first cell. */
  toggle(): void {
    if (this.playing) this.pause();
    else this.#play(this.midway ? this.index : 0);
  }

  /** One cell on, paused. */
  step(): void {
    this.pause();
    this.index = Math.min(this.cells() - 1, this.index + 1);
  }

  /** To the last cell, paused: the whole map shown. */
  fill(): void {
    this.pause();
    this.index = this.cells() - 1;
  }

  pause(): void {
    this.#stop?.();
    this.#stop = null;
    this.playing = false;
  }

  #play(from: number): void {
    this.pause();
    this.index = from;
    this.playing = true;
    this.#stop = this.ticker(() => {
      this.index = Math.min(this.cells() - 1, this.index + this.speed);
      if (this.done) this.pause();
    }, TICK_MS);
  }
}
