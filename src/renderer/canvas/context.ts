// What the canvas tells the edges it draws: the lanes the skip connections run in.

import { createContext } from 'svelte';

export interface CanvasLayout {
  /** The lane (an x in flow coordinates) of each edge that runs beside cards, by edge id. */
  readonly lanes: ReadonlyMap<string, number>;
}

export const [getCanvasLayout, setCanvasLayout] = createContext<CanvasLayout>();
