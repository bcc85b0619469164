// The charts' lines, taken from the run's history.

import { SMOOTHING, type EpochPoint, type StepPoint } from '../metrics/metricsHistory.svelte';
import type { Point, Series } from './chart';

export const LOSS_SERIES: Series[] = [
  { label: 'train', colour: '--accent', alpha: 0.25, width: 1, points: false },
  { label: 'train (smoothed)', colour: '--accent', width: 2, points: false },
  { label: 'validation', colour: '--text', width: 1.5, points: true },
];

export const ACCURACY_SERIES: Series[] = [
  { label: 'train', colour: '--accent', alpha: 0.25, width: 1, points: false },
  { label: 'train (smoothed)', colour: '--accent', width: 2, points: false },
  { label: 'validation', colour: '--text', width: 1.5, points: true },
];

/** Bias-corrected exponential moving average, as the history smooths the loss. */
function smooth(values: number[]): number[] {
  let ema = 0;
  return values.map((v, i) => {
    ema = SMOOTHING * ema + (1 - SMOOTHING) * v;
    return ema / (1 - SMOOTHING ** (i + 1));
  });
}

export function lossPoints(points: readonly StepPoint[], epochs: readonly EpochPoint[]): Point[][] {
  return [
    points.map((p) => ({ x: p.x, y: p.loss })),
    points.map((p) => ({ x: p.x, y: p.smoothed })),
    epochs.flatMap((e) => (e.validation ? [{ x: e.epoch, y: e.validation.loss }] : [])),
  ];
}

export function accuracyPoints(
  points: readonly StepPoint[],
  epochs: readonly EpochPoint[],
): Point[][] {
  const smoothed = smooth(points.map((p) => p.accuracy));
  return [
    points.map((p) => ({ x: p.x, y: p.accuracy })),
    points.map((p, i) => ({ x: p.x, y: smoothed[i] })),
    epochs.flatMap((e) => (e.validation ? [{ x: e.epoch, y: e.validation.accuracy }] : [])),
  ];
}
