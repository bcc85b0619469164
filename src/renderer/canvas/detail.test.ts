import { describe, expect, it } from 'vitest';
import {
  CARD_FONT,
  CARD_ZOOM,
  cardFontProperties,
  detailAt,
  LEGIBLE_PX,
  legibleZoom,
  LINE_ZOOM,
} from './detail';

describe('semantic zoom', () => {
  it('shows the whole card from the zoom at which its 11 px text is 9 px on screen', () => {
    expect(CARD_ZOOM).toBe(0.82);
    expect(CARD_FONT.small * CARD_ZOOM).toBeGreaterThanOrEqual(LEGIBLE_PX);
    expect(detailAt(1)).toBe('card');
    expect(detailAt(0.82)).toBe('card');
    expect(detailAt(0.819)).toBe('line');
  });

  it('shows one line down to the zoom at which its 18 px text is 9 px, then a bar', () => {
    expect(LINE_ZOOM).toBe(0.5);
    expect(CARD_FONT.line * LINE_ZOOM).toBeGreaterThanOrEqual(LEGIBLE_PX);
    expect(detailAt(0.5)).toBe('line');
    expect(detailAt(0.499)).toBe('bar');
    expect(detailAt(0.1)).toBe('bar');
  });

  it('rounds a legible zoom up to whole hundredths, never down', () => {
    expect(legibleZoom(9)).toBe(1);
    expect(legibleZoom(12)).toBe(0.75);
    expect(legibleZoom(13)).toBe(0.7);
    expect(13 * legibleZoom(13)).toBeGreaterThanOrEqual(LEGIBLE_PX);
  });

  it('hands every font size to the CSS', () => {
    expect(cardFontProperties()).toBe(
      '--card-font-title: 13px; --card-font-body: 12px; --card-font-small: 11px; --card-font-line: 18px',
    );
  });
});
