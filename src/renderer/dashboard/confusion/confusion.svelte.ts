// The confusion matrix panel's state: the chosen cell and the test images that fall in it (asked
// of the worker as predicted at the step of the matrix shown), and the one image picked from them.

import { messageOf } from '../../../engine/errors';
import type { EventOf } from '../../../shared/protocol';
import type { ConfusionRecord, TrainingSession } from '../session/session.svelte';

/** Most images listed for one cell. */
const CELL_IMAGES = 60;

export interface CellChoice {
  trueClass: number;
  predictedClass: number;
  /** The step of the matrix the cell belongs to. */
  step: number;
}

/** Row sums: how many test images each class has. */
export function rowTotals(record: ConfusionRecord): number[] {
  const k = record.classes.length;
  return Array.from({ length: k }, (_, row) => {
    let sum = 0;
    for (let col = 0; col < k; col++) sum += record.matrix[row * k + col];
    return sum;
  });
}

export class ConfusionView {
  cell: CellChoice | null = $state.raw(null);
  images: EventOf<'misclassified'> | null = $state.raw(null);
  loading = $state(false);
  error: string | null = $state(null);
  /** Test index of the image picked from the list. */
  picked: number | null = $state(null);

  constructor(private readonly session: TrainingSession) {}

  async select(cell: CellChoice): Promise<void> {
    this.cell = cell;
    this.images = null;
    this.picked = null;
    this.error = null;
    this.loading = true;
    const generation = this.session.generation;
    try {
      const reply = await this.session.misclassified(
        cell.trueClass,
        cell.predictedClass,
        CELL_IMAGES,
        cell.step,
      );
      if (generation !== this.session.generation || this.cell !== cell) return;
      this.images = reply;
    } catch (error) {
      if (this.cell === cell) this.error = messageOf(error);
    } finally {
      if (this.cell === cell) this.loading = false;
    }
  }

  close(): void {
    this.cell = null;
    this.images = null;
    this.picked = null;
    this.error = null;
  }
}
