import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/protocol';
import { FLUSH_MS, historyCsv, MetricsHistory, SMOOTHING } from './metricsHistory.svelte';

/** A timer the test fires by hand. */
function manualTimer() {
  const due: { run: () => void; ms: number }[] = [];
  return {
    timer: (run: () => void, ms: number) => void due.push({ run, ms }),
    due,
    fire: () => due.splice(0).forEach((d) => d.run()),
  };
}

const progress = (step: number, loss: number, accuracy = 0.5): EventOf<'progress'> => ({
  type: 'progress',
  step,
  totalSteps: 100,
  epoch: Math.floor(step / 50) + 1,
  epochs: 2,
  loss,
  accuracy,
  learningRate: 0.01,
  samplesPerSecond: 1000,
  etaSeconds: 3,
});

const metrics = (loss: number, accuracy: number) => ({ loss, accuracy, correct: 1, count: 2 });

describe('MetricsHistory', () => {
  it('publishes events in one batch per flush, never one by one', () => {
    const clock = manualTimer();
    const history = new MetricsHistory(clock.timer);
    const before = history.version;
    for (let step = 1; step <= 5; step++) history.addProgress(progress(step, 2 / step));
    expect(history.points).toHaveLength(0);
    expect(history.version).toBe(before);
    expect(clock.due).toEqual([{ run: expect.any(Function), ms: FLUSH_MS }]);
    clock.fire();
    expect(history.version).toBe(before + 1);
    expect(history.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(history.latest?.step).toBe(5);
  });

  it('puts points on an axis of epochs and smooths the loss, bias-corrected', () => {
    const clock = manualTimer();
    const history = new MetricsHistory(clock.timer);
    history.addProgress(progress(25, 2));
    history.addProgress(progress(50, 1));
    clock.fire();
    const [first, second] = history.points;
    expect(first.x).toBe(0.5);
    expect(second.x).toBe(1);
    // The first smoothed value is the value itself; then the mean leans on the past.
    expect(first.smoothed).toBeCloseTo(2);
    const ema = SMOOTHING * (1 - SMOOTHING) * 2 + (1 - SMOOTHING) * 1;
    expect(second.smoothed).toBeCloseTo(ema / (1 - SMOOTHING ** 2));
  });

  it('keeps epochs and the test result, and forgets all of it for a new run', () => {
    const clock = manualTimer();
    const history = new MetricsHistory(clock.timer);
    history.addProgress(progress(50, 1));
    history.addEpoch({
      type: 'epoch',
      epoch: 1,
      epochs: 2,
      step: 50,
      train: metrics(1, 0.6),
      validation: metrics(1.1, 0.55),
      test: null,
      confusion: null,
    });
    history.finish(metrics(1.2, 0.5));
    history.flush();
    expect(history.epoch(1)?.validation?.accuracy).toBe(0.55);
    expect(history.epoch(2)).toBeNull();
    expect(history.test?.loss).toBe(1.2);
    history.clear();
    expect(history.points).toHaveLength(0);
    expect(history.epochs).toHaveLength(0);
    expect(history.test).toBeNull();
    expect(history.latest).toBeNull();
  });

  it('writes the history as CSV: progress rows, epoch rows in step order, the test row', () => {
    const history = new MetricsHistory(() => undefined);
    history.addProgress(progress(25, 2, 0.25));
    history.addProgress(progress(50, 1, 0.5));
    history.addEpoch({
      type: 'epoch',
      epoch: 1,
      epochs: 2,
      step: 50,
      train: metrics(1.5, 0.4),
      validation: metrics(1.1, 0.55),
      test: null,
      confusion: null,
    });
    history.finish(metrics(1.2, 0.5));
    history.flush();
    const lines = historyCsv(history).trim().split('\n');
    expect(lines[0]).toBe(
      'kind,step,epoch,loss,loss_smoothed,accuracy,learning_rate,samples_per_second,val_loss,val_accuracy',
    );
    expect(lines[1]).toMatch(/^step,25,0\.5000,2,2,0\.25,0\.01,1000,,$/);
    expect(lines[2]).toMatch(/^step,50,1\.0000,1,/);
    expect(lines[3]).toBe('epoch,50,1,1.5,,0.4,,,1.1,0.55');
    expect(lines[4]).toBe('test,50,,1.2,,0.5,,,,');
  });
});
