// The image being looked at — a test image or the drawing — and every layer's output for it. One
// request at a time; asking again while one is in flight fetches once more when it returns.

import type { EventOf, Image } from '../../../shared/protocol';
import { oneAtATime } from '../oneAtATime';
import type { TrainingSession } from '../session/session.svelte';

export type Subject = { kind: 'sample'; index: number } | { kind: 'drawn' };

export type FeatureMaps = EventOf<'featureMaps'> & { subject: Subject };

/** How often the maps are fetched again while the weights change. */
export const FEATURE_REFRESH_MS = 1000;

export class ImageInspector {
  subject: Subject = $state.raw({ kind: 'sample', index: 0 });
  /** The drawing as the network sees it (28×28), once something is drawn. */
  drawn: Image | null = $state.raw(null);
  result: FeatureMaps | null = $state.raw(null);

  constructor(private readonly session: TrainingSession) {}

  get testCount(): number {
    return this.session.loaded?.dataset.test ?? 0;
  }

  showSample(index: number): void {
    const count = this.testCount;
    if (count === 0) return;
    this.subject = { kind: 'sample', index: ((index % count) + count) % count };
    void this.refresh();
  }

  showDrawing(): void {
    if (!this.drawn) return;
    this.subject = { kind: 'drawn' };
    void this.refresh();
  }

  /** A new drawing (or a shifted one); shown at once when the drawing is what is looked at. */
  setDrawing(image: Image | null): void {
    this.drawn = image;
    if (this.subject.kind !== 'drawn') return;
    if (image) void this.refresh();
    else this.subject = { kind: 'sample', index: 0 };
  }

  readonly refresh = oneAtATime(async () => {
    if (!this.session.loaded) return;
    // Another dataset may have fewer test images than the index looked at before.
    if (this.subject.kind === 'sample' && this.subject.index >= this.testCount) {
      this.subject = { kind: 'sample', index: 0 };
    }
    const subject = this.subject;
    const source =
      subject.kind === 'drawn'
        ? this.drawn && { kind: 'image' as const, image: this.drawn }
        : { kind: 'sample' as const, split: 'test' as const, index: subject.index };
    if (!source) return;
    const generation = this.session.generation;
    try {
      const reply = await this.session.featureMaps(source);
      if (generation === this.session.generation) this.result = { ...reply, subject };
    } catch {
      // Nothing loaded yet, or a new load in between: the next refresh asks again.
    }
  });
}
