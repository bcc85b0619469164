// Semantic zoom on a large template: zoomed out step by step, the cards go from every figure to
// one line (type · shape) to coloured bars, and whatever text is drawn is at least 9 px tall.

import { expect, test, type Page } from '@playwright/test';
import { CARD_ZOOM, LINE_ZOOM, type Detail } from '../../src/renderer/canvas/detail';
import { openEditor, screenshot } from './editor';

const LEGIBLE = 9;

interface View {
  zoom: number;
  detail: string | null;
  /** The levels the cards are drawn at (all cards agree). */
  cardLevels: string[];
  /** Text nodes drawn on the canvas, inside the window. */
  texts: number;
  /** The smallest of them: its box's height and its font size × the zoom, in screen pixels. */
  smallestBox: number;
  smallestFont: number;
  lines: number;
  costs: number;
  edgeLabels: number;
}

async function view(page: Page): Promise<View> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.svelte-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const pane = document.querySelector('.svelte-flow')!.getBoundingClientRect();
    let texts = 0;
    let smallestBox = Infinity;
    let smallestFont = Infinity;
    const scope = document.querySelector('.svelte-flow__viewport')!;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      const box = range.getBoundingClientRect();
      const inside =
        box.width > 0 &&
        box.bottom > pane.top &&
        box.top < pane.bottom &&
        box.right > pane.left &&
        box.left < pane.right;
      if (!inside) continue;
      texts++;
      const font = parseFloat(getComputedStyle(text.parentElement!).fontSize);
      smallestBox = Math.min(smallestBox, box.height);
      smallestFont = Math.min(smallestFont, font * zoom);
    }
    const cards = [...document.querySelectorAll<HTMLElement>('.svelte-flow__node article')];
    return {
      zoom,
      detail: document.querySelector<HTMLElement>('.canvas')!.dataset.detail ?? null,
      cardLevels: [...new Set(cards.map((c) => c.dataset.detail!))],
      texts,
      smallestBox,
      smallestFont,
      lines: document.querySelectorAll('.svelte-flow__node p.line').length,
      costs: document.querySelectorAll('.svelte-flow__node .costs').length,
      edgeLabels: document.querySelectorAll('[data-testid="edge-shape"]').length,
    };
  });
}

const expected = (zoom: number): Detail =>
  zoom >= CARD_ZOOM ? 'card' : zoom >= LINE_ZOOM ? 'line' : 'bar';

test('inception-mini zoomed out: card, then one line, then bars; text always ≥ 9 px', async ({
  page,
}) => {
  await openEditor(page);
  await page.locator('[data-template="inception-mini"]').click();
  // 69 layers: its three Inception modules open collapsed, one card each.
  await expect(page.locator('.svelte-flow__node')).toHaveCount(12);
  // Opens at the smallest zoom at which the whole card is legible, its input at the top.
  await expect.poll(async () => (await view(page)).zoom).toBeCloseTo(CARD_ZOOM, 3);
  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });

  const seen: Detail[] = [];
  for (let step = 0; step < 9; step++) {
    if (step > 0) await page.keyboard.press('-');
    // The level follows the zoom once the view has it.
    await expect
      .poll(async () => {
        const now = await view(page);
        return now.detail === expected(now.zoom) && now.cardLevels.join() === now.detail;
      })
      .toBe(true);
    const now = await view(page);
    const level = now.detail as Detail;
    if (seen.at(-1) !== level) {
      seen.push(level);
      await screenshot(page, `zoom-detail-${level}`);
    }
    if (level === 'card') {
      expect(now.costs).toBe(12);
      expect(now.edgeLabels).toBeGreaterThan(0);
    } else {
      expect(now.costs).toBe(0);
      expect(now.edgeLabels).toBe(0);
    }
    expect(now.lines).toBe(level === 'line' ? 12 : 0);
    if (level === 'bar') {
      expect(now.texts).toBe(0);
    } else {
      expect(now.texts).toBeGreaterThan(0);
      expect(now.smallestFont).toBeGreaterThanOrEqual(LEGIBLE);
      expect(now.smallestBox).toBeGreaterThanOrEqual(LEGIBLE);
    }
  }
  expect(seen).toEqual(['card', 'line', 'bar']);

  // A bar is its kind's colour (app.css, light theme) and says on hover what it is and gives.
  const bar = (id: string) => page.locator(`.svelte-flow__node[data-id="${id}"] article`);
  await expect(bar('in')).toHaveAttribute('title', 'Input · 1×28×28 (in)');
  await expect(bar('in')).toHaveCSS('background-color', 'rgb(107, 117, 133)');
  await expect(bar('stem')).toHaveCSS('background-color', 'rgb(79, 127, 207)');
  await expect(bar('stem_bn')).toHaveCSS('background-color', 'rgb(152, 161, 173)');
});
