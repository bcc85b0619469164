// Semantic zoom: how much a layer's card shows at a zoom. Each level shows only text that is at
// least LEGIBLE_PX tall on screen (its font size × the zoom); below the smallest, a card is a bar
// coloured by its layer's kind. The card's box keeps its size at every level, so the layout, the
// edges and the handles never move while zooming.

/** The smallest text, in CSS pixels on screen, a person reads without leaning in. */
export const LEGIBLE_PX = 9;

/** The font sizes (CSS pixels at zoom 1) of the card's text; the canvas hands them to the CSS. */
export const CARD_FONT = {
  /** The layer's type, on the card's first row. */
  title: 13,
  /** The shape beside the type, and a problem's sentence. */
  body: 12,
  /** The id, the settings, the costs and the shapes on the edges: the smallest text on a card. */
  small: 11,
  /** The one line (`type · shape`) a card shrinks to. */
  line: 18,
} as const;

/** `card`: every figure; `line`: type · output shape; `bar`: a coloured bar, the shape on hover. */
export type Detail = 'card' | 'line' | 'bar';

/**
 * The smallest zoom, in whole hundredths, at which text of this size is legible: a round number,
 * so a view set to it reads back at the same level.
 */
export const legibleZoom = (fontPx: number): number => Math.ceil((LEGIBLE_PX / fontPx) * 100) / 100;

/** From this zoom up, the whole card (its smallest text included) is legible. */
export const CARD_ZOOM = legibleZoom(CARD_FONT.small);
/** From this zoom up to CARD_ZOOM, the one line is. */
export const LINE_ZOOM = legibleZoom(CARD_FONT.line);

export function detailAt(zoom: number): Detail {
  if (zoom >= CARD_ZOOM) return 'card';
  if (zoom >= LINE_ZOOM) return 'line';
  return 'bar';
}

/** The card's font sizes as the CSS custom properties LayerNode and TensorEdge read. */
export function cardFontProperties(): string {
  return Object.entries(CARD_FONT)
    .map(([name, px]) => `--card-font-${name}: ${px}px`)
    .join('; ');
}
