// Driving the editor the way a person does: real mouse drags from the palette and between
// handles, clicks and typing. Screenshots go to test-results/screenshots (kept, gitignored).

import { expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

export async function openEditor(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.svelte-flow__node').first()).toBeVisible();
}

/** A fresh model: just the input node. */
export async function newModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
  await expect(node(page, 'input')).toBeVisible();
}

export function node(page: Page, id: string): Locator {
  return page.locator(`.svelte-flow__node[data-id="${id}"]`);
}

export function nodeShape(page: Page, id: string): Locator {
  return node(page, id).getByTestId('shape');
}

/** The shape label of the edge from → to (a layer's first edge carries its output's label). */
export function edgeShape(page: Page, from: string, to: string): Locator {
  return page.locator(
    `.svelte-flow__edge-label[data-edge="${from}>${to}"] [data-testid="edge-shape"]`,
  );
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`no box for ${locator}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a layer type from the palette and drops it at a point of the canvas (its top-left is 0, 0). */
export async function dragLayer(
  page: Page,
  type: string,
  at: { x: number; y: number },
): Promise<void> {
  const canvas = await page.locator('.svelte-flow').boundingBox();
  const from = await center(page.locator(`.palette [data-type="${type}"]`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(canvas!.x + at.x, canvas!.y + at.y, { steps: 12 });
  await page.mouse.up();
}

/** Drags from a node's output handle to another node's input handle. */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const start = await center(node(page, from).locator('.svelte-flow__handle.source'));
  const end = await center(node(page, to).locator('.svelte-flow__handle.target'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
}

/**
 * Selects a node by clicking its card, first fitting the view (F) when the card is outside it, as
 * a person would bring it into view (the card may then be a line or a bar: semantic zoom). Clicked
 * again if the first click missed: just after the page opens, the canvas may still be fitting the
 * view and move the card under the pointer.
 */
export async function select(page: Page, id: string): Promise<void> {
  const pane = (await page.locator('.svelte-flow').boundingBox())!;
  const card = await node(page, id).boundingBox();
  const inView =
    card !== null &&
    card.x >= pane.x &&
    card.y >= pane.y &&
    card.x + card.width <= pane.x + pane.width &&
    card.y + card.height <= pane.y + pane.height;
  if (!inView) {
    await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
  }
  await expect(async () => {
    await node(page, id).locator('article').click();
    await expect(page.locator('#layer-name')).toHaveValue(id, { timeout: 1000 });
  }).toPass();
}

export function totalParams(page: Page): Locator {
  return page.getByTestId('total-params');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}
