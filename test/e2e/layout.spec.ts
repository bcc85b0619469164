// The layout of real architectures: top to bottom, every edge clear of the cards it does not
// join (a skip runs beside its block), every shape label clear of every card and handle.

import { expect, test, type Page } from '@playwright/test';
import { openEditor, screenshot } from './editor';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The cards: layers and collapsed blocks, not the frames drawn behind expanded blocks. */
const CARDS = '.svelte-flow__node:not(.svelte-flow__node-frame)';

/** Points of each edge's path, in flow coordinates, that fall inside a card the edge does not join. */
async function edgesThroughCards(page: Page): Promise<string[]> {
  return page.evaluate((CARDS) => {
    const cards = [...document.querySelectorAll<HTMLElement>(CARDS)].map((el) => {
      const m = new DOMMatrix(getComputedStyle(el).transform);
      return { id: el.dataset.id!, x: m.e, y: m.f, width: el.offsetWidth, height: el.offsetHeight };
    });
    const crossings: string[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.svelte-flow__edge')) {
      const id = edge.dataset.id ?? edge.getAttribute('data-id') ?? '';
      const [from, to] = id.split('>');
      const path = edge.querySelector<SVGPathElement>('path.svelte-flow__edge-path')!;
      const length = path.getTotalLength();
      for (let i = 1; i < 60; i++) {
        const p = path.getPointAtLength((length * i) / 60);
        const hit = cards.find(
          (c) =>
            c.id !== from &&
            c.id !== to &&
            p.x > c.x + 1 &&
            p.x < c.x + c.width - 1 &&
            p.y > c.y + 1 &&
            p.y < c.y + c.height - 1,
        );
        if (hit) {
          crossings.push(`${id} crosses ${hit.id}`);
          break;
        }
      }
    }
    return crossings;
  }, CARDS);
}

/** Opens every collapsed block, one at a time (a button out of view is clicked all the same). */
async function expandAll(page: Page): Promise<void> {
  const expand = page.getByRole('button', { name: /^Expand / });
  for (let left = await expand.count(); left > 0; left--) {
    await expand.first().dispatchEvent('click');
    await expect(expand).toHaveCount(left - 1);
  }
}

const TEMPLATES = ['resnet-small', 'inception-mini', 'densenet-mini', 'mobilenet-mini'];
// The templates that open with their blocks collapsed, laid out again with every layer shown.
const EXPANDED = ['inception-mini', 'densenet-mini', 'mobilenet-mini', 'efficientnet-mini'];

for (const [template, expanded] of [
  ...TEMPLATES.map((t) => [t, false] as const),
  ...EXPANDED.map((t) => [t, true] as const),
]) {
  const title = expanded ? `${template}, blocks expanded` : template;
  test(`${title}: edges clear of cards, labels clear of cards and handles`, async ({ page }) => {
    await openEditor(page);
    await page.locator(`[data-template="${template}"]`).click();
    if (expanded) await expandAll(page);
    // As opened: at the zoom where the cards show every figure and the edges their shapes (fitted
    // whole, they are bars and the edges carry no labels). Every card and label is drawn, in view
    // or not, and the geometry checked does not depend on the zoom.
    await expect(page.locator('.canvas')).toHaveAttribute('data-detail', 'card');
    await expect(page.locator('.svelte-flow__edge-label').first()).toBeVisible();
    expect(await edgesThroughCards(page)).toEqual([]);
    const cards = await Promise.all(
      (await page.locator(CARDS).all()).map(async (c) => (await c.boundingBox())!),
    );
    const handles = await Promise.all(
      (await page.locator('.svelte-flow__handle').all()).map(async (h) => (await h.boundingBox())!),
    );
    const labels = await Promise.all(
      (await page.getByTestId('edge-shape').all()).map(async (l) => (await l.boundingBox())!),
    );
    for (const label of labels) {
      expect(cards.some((card) => overlap(label, card))).toBe(false);
      expect(handles.some((handle) => overlap(label, handle))).toBe(false);
    }
    await screenshot(page, `layout-${template}${expanded ? '-expanded' : ''}`);
  });
}
