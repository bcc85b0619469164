// The drawing pad's state: the digit as the network sees it (preprocessed like MNIST, then moved
// by the shift buttons) and the network's class probabilities for it, asked for as the stroke
// grows — one prediction in flight at a time, the newest drawing sent when it returns.

import type { EventOf, Image } from '../../../shared/protocol';
import type { TrainingSession } from '../session/session.svelte';
import { oneAtATime } from '../oneAtATime';
import { preprocess, shiftImage, SIDE } from './preprocess';

export class DrawingPad {
  /** The preprocessed drawing before shifting; null while the pad is empty. */
  base: Uint8Array | null = $state.raw(null);
  shift = $state.raw({ dx: 0, dy: 0 });
  prediction: EventOf<'prediction'> | null = $state.raw(null);
  readonly image: Image | null = $derived(
    this.base && {
      width: SIDE,
      height: SIDE,
      pixels: shiftImage(this.base, SIDE, SIDE, this.shift.dx, this.shift.dy),
    },
  );

  constructor(
    private readonly session: TrainingSession,
    private readonly changed: (image: Image | null) => void,
  ) {}

  /** The pad's ink (0..255 per pixel) after a stroke moved. */
  setInk(ink: Uint8ClampedArray, width: number, height: number): void {
    this.base = preprocess(ink, width, height);
    this.shift = { dx: 0, dy: 0 };
    this.#changed();
  }

  /** Moves the digit one pixel; the feature maps move with it. */
  move(dx: number, dy: number): void {
    if (!this.base) return;
    this.shift = { dx: this.shift.dx + dx, dy: this.shift.dy + dy };
    this.#changed();
  }

  clear(): void {
    this.base = null;
    this.shift = { dx: 0, dy: 0 };
    this.prediction = null;
    this.changed(null);
  }

  /** Asks again for the current drawing (the weights changed). */
  readonly predict = oneAtATime(async () => {
    if (!this.image || !this.session.loaded) return;
    try {
      const prediction = await this.session.predict(this.image);
      if (this.base) this.prediction = prediction;
    } catch {
      // Nothing loaded (yet): the pad says so instead of showing bars.
    }
  });

  #changed(): void {
    this.changed(this.image);
    void this.predict();
  }
}
