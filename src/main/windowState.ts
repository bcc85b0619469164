// The window's size, position and maximised/full-screen state, remembered between runs in a small
// JSON file. A saved position is only reused while enough of it is on a connected display, so a
// window last seen on an unplugged monitor comes back where it can be reached.

import * as v from 'valibot';
import { JsonStore } from './jsonFile';

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

const coordinate = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const length = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

const WindowStateSchema = v.object({
  x: coordinate,
  y: coordinate,
  width: length,
  height: length,
  maximized: v.boolean(),
  fullScreen: v.boolean(),
});

export type WindowState = v.InferOutput<typeof WindowStateSchema>;

export const DEFAULT_SIZE: Size = { width: 1280, height: 800 };
export const MIN_SIZE: Size = { width: 720, height: 480 };

/** How much of a window must lie on one display for its saved position to be kept. */
const MIN_VISIBLE: Size = { width: 160, height: 80 };

/** Geometry for the BrowserWindow constructor: no x and y means centred on the main display. */
export interface WindowGeometry extends Size {
  x?: number;
  y?: number;
  maximized: boolean;
  fullScreen: boolean;
}

/** Where the window opens, given the saved state (null on first run) and the displays' work areas. */
export function restoreGeometry(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): WindowGeometry {
  if (saved === null) return { ...DEFAULT_SIZE, maximized: false, fullScreen: false };
  const { maximized, fullScreen } = saved;
  const home = workAreas.find((area) => overlaps(saved, area));
  const bound = home ?? largest(workAreas);
  const size = {
    width: clamp(
      saved.width,
      MIN_SIZE.width,
      Math.max(MIN_SIZE.width, bound?.width ?? saved.width),
    ),
    height: clamp(
      saved.height,
      MIN_SIZE.height,
      Math.max(MIN_SIZE.height, bound?.height ?? saved.height),
    ),
  };
  if (home === undefined) return { ...size, maximized, fullScreen };
  // Shrinking can leave the window hanging off the display's edge; slide it back in.
  const x = clamp(saved.x, home.x, home.x + home.width - size.width);
  const y = clamp(saved.y, home.y, home.y + home.height - size.height);
  return { ...size, x, y, maximized, fullScreen };
}

function overlaps(window: Rect, area: Rect): boolean {
  const width = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const height =
    Math.min(window.y + window.height, area.y + area.height) - Math.max(window.y, area.y);
  return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height;
}

function largest(areas: readonly Rect[]): Rect | undefined {
  return areas.reduce<Rect | undefined>(
    (best, area) => (best && best.width * best.height >= area.width * area.height ? best : area),
    undefined,
  );
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/** The part of a BrowserWindow the keeper reads and listens to. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): void;
  on(event: 'enter-full-screen' | 'leave-full-screen', listener: () => void): void;
  /** The bounds the window has when neither maximised nor full screen. */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

const SAVE_DELAY_MS = 500;

/** Reads the saved state at start and writes it back (atomically) as the window changes. */
export class WindowStateKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly store: JsonStore<WindowState>;

  constructor(file: string, onError: (error: unknown) => void) {
    this.store = new JsonStore(file, WindowStateSchema, onError);
  }

  load(): Promise<WindowState | null> {
    return this.store.read();
  }

  /** Saves shortly after each move or resize (they arrive in bursts while dragging) and on close. */
  track(window: TrackedWindow): void {
    const soon = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.save(window), SAVE_DELAY_MS);
    };
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
      window.on(event, soon);
    window.on('enter-full-screen', soon);
    window.on('leave-full-screen', soon);
    window.on('close', () => {
      clearTimeout(this.timer);
      void this.save(window);
    });
  }

  /** Resolves when every save started so far has finished. */
  flushed(): Promise<void> {
    return this.store.flushed();
  }

  private save(window: TrackedWindow): Promise<void> {
    const { x, y, width, height } = window.getNormalBounds();
    return this.store.write({
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(width),
      height: Math.round(height),
      maximized: window.isMaximized(),
      fullScreen: window.isFullScreen(),
    });
  }
}
