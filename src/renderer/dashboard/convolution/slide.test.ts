import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../../engine';
import { readModel } from '../../document/open';
import { lenet5Template } from '../../templates/templates';
import { ConvolutionSlide, TICK_MS, type Ticker, type WeightsSource } from './slide.svelte';

const opened = readModel(lenet5Template.json);
if (!opened.ok) throw new Error(opened.problems.join('\n'));
const lenet = opened.document;

/** A session whose weights requests the test answers by hand, in the order it chooses. */
function manualSession(step: number | null, finishedStep: number | null = null) {
  const asked: { resolve: (doc: ModelDocument) => void; reject: (error: Error) => void }[] = [];
  const session: WeightsSource = {
    weights: () => new Promise((resolve, reject) => asked.push({ resolve, reject })),
    history: { latest: step === null ? null : { step } },
    finished: finishedStep === null ? null : { step: finishedStep },
  };
  return { session, asked };
}

/** A ticker the test advances by hand; it remembers the period it was started with. */
function manualTicker() {
  const clock = { tick: null as (() => void) | null, ms: 0, started: 0, stopped: 0 };
  const ticker: Ticker = (tick, ms) => {
    clock.tick = tick;
    clock.ms = ms;
    clock.started++;
    return () => {
      clock.tick = null;
      clock.stopped++;
    };
  };
  return { clock, ticker };
}

const named = (name: string): ModelDocument => ({ ...lenet, name });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the convolution explainer’s weights', () => {
  it('takes the weights with the step of the latest progress', async () => {
    const { session, asked } = manualSession(120, 300);
    const slide = new ConvolutionSlide(session, () => 0);
    const taking = slide.take();
    asked[0].resolve(named('first'));
    await taking;
    expect(slide.spec?.name).toBe('first');
    expect(slide.spec?.nodes.map((n) => n.id)).toContain('c1');
    expect(slide.taken).toBe(120);
  });

  it("takes a finished run's step when no progress is kept, and 0 before any run", async () => {
    const finished = manualSession(null, 300);
    const after = new ConvolutionSlide(finished.session, () => 0);
    const taking = after.take();
    finished.asked[0].resolve(lenet);
    await taking;
    expect(after.taken).toBe(300);

    const fresh = manualSession(null);
    const before = new ConvolutionSlide(fresh.session, () => 0);
    const again = before.take();
    fresh.asked[0].resolve(lenet);
    await again;
    expect(before.taken).toBe(0);
  });

  it('shows nothing when the weights cannot be had or are not a valid model', async () => {
    const { session, asked } = manualSession(5);
    const slide = new ConvolutionSlide(session, () => 0);
    let taking = slide.take();
    asked[0].resolve(lenet);
    await taking;
    expect(slide.spec).not.toBeNull();
    taking = slide.take();
    asked[1].reject(new Error('the worker stopped'));
    await taking;
    expect(slide.spec).toBeNull();
    taking = slide.take();
    asked[2].resolve({ ...lenet, nodes: [] } as ModelDocument);
    await taking;
    expect(slide.spec).toBeNull();
  });

  it('asks again after a request in flight, so the newest weights are the ones shown', async () => {
    const { session, asked } = manualSession(1);
    const slide = new ConvolutionSlide(session, () => 0);
    const first = slide.take();
    void slide.take();
    void slide.take();
    expect(asked).toHaveLength(1);
    asked[0].resolve(named('older'));
    await settle();
    expect(asked).toHaveLength(2);
    expect(slide.spec?.name).toBe('older');
    asked[1].resolve(named('newer'));
    await first;
    expect(asked).toHaveLength(2);
    expect(slide.spec?.name).toBe('newer');
  });
});

describe('the convolution explainer’s window', () => {
  const slideOver = (cells: { count: number }) => {
    const { clock, ticker } = manualTicker();
    const slide = new ConvolutionSlide(manualSession(0).session, () => cells.count, ticker);
    return { slide, clock };
  };

  it('slides from the first cell, speed cells a tick, and stops on the last', () => {
    const { slide, clock } = slideOver({ count: 10 });
    slide.index = 9;
    expect(slide.done).toBe(true);
    slide.toggle();
    expect(slide).toMatchObject({ index: 0, playing: true });
    expect(clock.ms).toBe(TICK_MS);
    clock.tick!();
    expect(slide.index).toBe(4);
    clock.tick!();
    expect(slide.index).toBe(8);
    expect(slide.midway).toBe(true);
    clock.tick!();
    expect(slide).toMatchObject({ index: 9, playing: false, done: true });
    expect(clock).toMatchObject({ tick: null, started: 1, stopped: 1 });
  });

  it('pauses, and plays on from where it paused at the speed set then', () => {
    const { slide, clock } = slideOver({ count: 100 });
    slide.toggle();
    clock.tick!();
    slide.toggle();
    expect(slide).toMatchObject({ index: 4, playing: false });
    expect(clock.tick).toBeNull();
    slide.speed = 16;
    slide.toggle();
    expect(slide.index).toBe(4);
    clock.tick!();
    expect(slide.index).toBe(20);
    expect(clock.started).toBe(2);
  });

  it('steps one cell and fills the map, each pausing the play', () => {
    const { slide, clock } = slideOver({ count: 30 });
    slide.toggle();
    slide.step();
    expect(slide).toMatchObject({ index: 1, playing: false });
    expect(clock.tick).toBeNull();
    slide.fill();
    expect(slide).toMatchObject({ index: 29, done: true });
    slide.step();
    expect(slide.index).toBe(29);
  });

  it('keeps the window on a smaller map that replaces a larger one', () => {
    const cells = { count: 100 };
    const { slide, clock } = slideOver(cells);
    slide.fill();
    cells.count = 25;
    expect(slide.at).toBe(24);
    expect(slide.done).toBe(true);
    slide.toggle();
    cells.count = 6;
    clock.tick!();
    expect(slide).toMatchObject({ index: 4, playing: true });
    clock.tick!();
    expect(slide).toMatchObject({ index: 5, playing: false });
  });

  it('stops ticking when paused from outside (the panel going away)', () => {
    const { slide, clock } = slideOver({ count: 50 });
    slide.toggle();
    slide.pause();
    expect(clock).toMatchObject({ tick: null, stopped: 1 });
    expect(slide.playing).toBe(false);
  });
});
