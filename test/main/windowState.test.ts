import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  restoreGeometry,
  WindowStateKeeper,
  type Rect,
  type TrackedWindow,
  type WindowState,
} from '../../src/main/windowState';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const monitor: Rect = { x: 1920, y: 0, width: 2560, height: 1440 };
const state = (bounds: Rect, extra: Partial<WindowState> = {}): WindowState => ({
  ...bounds,
  maximized: false,
  fullScreen: false,
  ...extra,
});

describe('restoreGeometry', () => {
  it('opens at the default size, centred, on first run', () => {
    expect(restoreGeometry(null, [laptop])).toEqual({
      ...DEFAULT_SIZE,
      maximized: false,
      fullScreen: false,
    });
  });

  it('puts the window back where it was, maximised or not', () => {
    const saved = state({ x: 2000, y: 100, width: 1400, height: 900 }, { maximized: true });
    expect(restoreGeometry(saved, [laptop, monitor])).toEqual({
      x: 2000,
      y: 100,
      width: 1400,
      height: 900,
      maximized: true,
      fullScreen: false,
    });
  });

  it('centres a window whose display is gone, at a size that fits the remaining one', () => {
    const saved = state({ x: 2000, y: 100, width: 2400, height: 1300 });
    expect(restoreGeometry(saved, [laptop])).toEqual({
      width: 1920,
      height: 1080,
      maximized: false,
      fullScreen: false,
    });
  });

  it('keeps a window mostly off screen only if enough of it can be grabbed', () => {
    const barelyVisible = state({ x: 1880, y: 100, width: 1000, height: 700 });
    expect(restoreGeometry(barelyVisible, [laptop]).x).toBeUndefined();
    const halfVisible = state({ x: 1400, y: 100, width: 1000, height: 700 });
    // Kept on its display, slid back inside it.
    expect(restoreGeometry(halfVisible, [laptop])).toMatchObject({ x: 920, y: 100 });
  });

  it('never opens below the minimum size', () => {
    const tiny = state({ x: 10, y: 10, width: 200, height: 100 });
    expect(restoreGeometry(tiny, [laptop])).toMatchObject(MIN_SIZE);
  });
});

class FakeWindow extends EventEmitter implements TrackedWindow {
  bounds: Rect = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  getNormalBounds = () => this.bounds;
  isMaximized = () => this.maximized;
  isFullScreen = () => false;
}

describe('WindowStateKeeper', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cnn-studio-window-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(folder, { recursive: true, force: true });
  });

  it('reads nothing on first run and after damage', async () => {
    const file = join(folder, 'window-state.json');
    expect(await new WindowStateKeeper(file, vi.fn()).load()).toBeNull();
    await writeFile(file, '{"x": 1, "y":');
    expect(await new WindowStateKeeper(file, vi.fn()).load()).toBeNull();
    await writeFile(file, JSON.stringify({ x: 1, y: 2, width: -5, height: 3 }));
    expect(await new WindowStateKeeper(file, vi.fn()).load()).toBeNull();
  });

  it('saves once after a burst of moves, and on close, and reads it back', async () => {
    vi.useFakeTimers();
    const file = join(folder, 'window-state.json');
    const keeper = new WindowStateKeeper(file, vi.fn());
    const win = new FakeWindow();
    keeper.track(win);
    for (let x = 0; x < 20; x++) {
      win.bounds = { ...win.bounds, x: x + 0.4 };
      win.emit('move');
    }
    await vi.advanceTimersByTimeAsync(1000);
    await keeper.flushed();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 19, y: 20 });

    win.maximized = true;
    win.emit('close');
    await keeper.flushed();
    expect(await keeper.load()).toEqual({
      x: 19,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
      fullScreen: false,
    });
  });

  it('reports a failed write instead of throwing', async () => {
    const onError = vi.fn();
    const keeper = new WindowStateKeeper(join(folder, 'missing', 'state.json'), onError);
    const win = new FakeWindow();
    keeper.track(win);
    win.emit('close');
    await keeper.flushed();
    expect(onError).toHaveBeenCalledOnce();
  });
});
