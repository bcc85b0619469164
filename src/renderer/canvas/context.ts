// What the canvas tells the cards and edges it draws: the lanes the skip connections run in, and
// how much a card shows at the current zoom.

import { createContext } from 'svelte';
import type { Detail } from './detail';

export interface CanvasLayout {
  /** The lane (an x in flow coordinates) of each edge that runs beside cards, by edge id. */
  readonly lanes: ReadonlyMap<string, number>;
  /** The semantic zoom level every card is drawn at. */
  readonly detail: Detail;
}

export const [getCanvasLayout, setCanvasLayout] = createContext<CanvasLayout>();
