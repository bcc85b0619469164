// The ticked runs' curves on one pair of charts: each run one colour, its training curve a line
// and its validation a point an epoch, x in epochs so runs of different lengths line up.

import * as v from 'valibot';
import type { RunRecord } from '../../shared/runs/record';
import type { Point, Series } from '../dashboard/charts/chart';

/** Theme variables (app.css), one a run, taken in turn. */
export const RUN_COLOURS = [
  '--run-1',
  '--run-2',
  '--run-3',
  '--run-4',
  '--run-5',
  '--run-6',
  '--run-7',
  '--run-8',
] as const;

export interface RunOverlay {
  /** One entry a run: the chart draws two series for it (train, validation), the legend one. */
  legend: { id: string; name: string; colour: string }[];
  series: Series[];
  loss: Point[][];
  accuracy: Point[][];
  /** The most epochs any of the runs was set to train. */
  xMax: number;
}

export function overlayOf(runs: readonly RunRecord[]): RunOverlay {
  const overlay: RunOverlay = { legend: [], series: [], loss: [], accuracy: [], xMax: 1 };
  runs.forEach((run, i) => {
    const colour = RUN_COLOURS[i % RUN_COLOURS.length];
    overlay.legend.push({ id: run.id, name: run.name, colour });
    overlay.series.push(
      { label: `${run.name}: train`, colour, width: 1.5, points: false },
      { label: `${run.name}: validation`, colour, alpha: 0.7, width: 1, points: true },
    );
    const x = run.curve.step.map((step) => step / run.stepsPerEpoch);
    const validated = run.epochs.flatMap((e) => (e.validation ? [e] : []));
    overlay.loss.push(
      x.map((at, k) => ({ x: at, y: run.curve.loss[k] })),
      validated.map((e) => ({ x: e.epoch, y: e.validation!.loss })),
    );
    overlay.accuracy.push(
      x.map((at, k) => ({ x: at, y: run.curve.accuracy[k] })),
      validated.map((e) => ({ x: e.epoch, y: e.validation!.accuracy })),
    );
    overlay.xMax = Math.max(overlay.xMax, run.settings.epochs);
  });
  return overlay;
}

const tickedSchema = v.array(v.string());

/** The ticked run ids as the page keeps them; anything unreadable is no ticks at all. */
export function readTicked(text: string | null): string[] {
  if (text === null) return [];
  try {
    const parsed = v.safeParse(tickedSchema, JSON.parse(text));
    return parsed.success ? [...new Set(parsed.output)] : [];
  } catch {
    return [];
  }
}
