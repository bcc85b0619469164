import { describe, expect, it } from 'vitest';
import { resizeImage } from '../../src/worker/images';
import { ProgressMeter } from '../../src/worker/progress';

describe('resizeImage (area averaging)', () => {
  it('averages 2×2 blocks when halving', () => {
    const pixels = Uint8Array.from([0, 255, 10, 10, 255, 0, 20, 30, 1, 1, 0, 0, 1, 1, 0, 4]);
    expect(Array.from(resizeImage({ width: 4, height: 4, pixels }, 2, 2))).toEqual([128, 18, 1, 1]);
  });

  it('weights fractional coverage (3 → 2) and repeats pixels when growing (1 → 3)', () => {
    const row = { width: 3, height: 1, pixels: Uint8Array.from([0, 90, 180]) };
    // Output pixel 0 covers [0, 1.5): 0·1 + 90·0.5 over 1.5 = 30; pixel 1 covers [1.5, 3): 150.
    expect(Array.from(resizeImage(row, 1, 2))).toEqual([30, 150]);
    const dot = { width: 1, height: 1, pixels: Uint8Array.of(77) };
    expect(Array.from(resizeImage(dot, 3, 3))).toEqual(new Array(9).fill(77));
  });

  it('returns a copy when the size already fits', () => {
    const pixels = Uint8Array.of(1, 2, 3, 4);
    const same = resizeImage({ width: 2, height: 2, pixels }, 2, 2);
    expect(same).toEqual(pixels);
    expect(same).not.toBe(pixels);
  });
});

describe('ProgressMeter', () => {
  const step = (n: number, loss: number, correct: number) => ({
    step: n,
    epoch: 1,
    loss,
    correct,
    samples: 10,
    learningRate: 0.1,
  });

  it('reports at most once per interval, with means over the steps since the last report', () => {
    const meter = new ProgressMeter(100, 1, 100);
    meter.restartClock(0);
    expect(meter.record(step(1, 2, 5), 40)).toBeNull();
    expect(meter.record(step(2, 1, 7), 80)).toBeNull();
    const event = meter.record(step(3, 3, 9), 120)!;
    expect(event).toMatchObject({ step: 3, totalSteps: 100, loss: 2, accuracy: 0.7 });
    expect(event.samplesPerSecond).toBeCloseTo(250);
    // 3 steps in 120 ms, 97 to go.
    expect(event.etaSeconds).toBeCloseTo((97 * 40) / 1000);
    expect(meter.record(step(4, 1, 10), 150)).toBeNull();
    expect(meter.flush(160)).toMatchObject({ step: 4, loss: 1, accuracy: 1 });
    expect(meter.flush(170)).toBeNull();
  });

  it('leaves paused time out of the speed', () => {
    const meter = new ProgressMeter(10, 1, 100);
    meter.restartClock(0);
    meter.flush(0);
    meter.restartClock(5000);
    const event = meter.record(step(1, 1, 1), 5100)!;
    expect(event.samplesPerSecond).toBeCloseTo(100);
  });
});
