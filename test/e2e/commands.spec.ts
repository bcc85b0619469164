// Copy, paste, duplicate, delete, select all, moving by drag, auto-layout, and the autosave that
// brings the working document back after a reload.

import { expect, test } from '@playwright/test';
import { edgeShape, newModel, node, openEditor, screenshot, select } from './editor';

test('copy, paste, duplicate, delete and select all', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'c1');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.locator('#layer-name')).toHaveValue('conv2d_1');
  await expect(node(page, 'conv2d_1')).toContainText('6 · 5×5 · s1 · p2 · relu');
  await page.keyboard.press('Control+d');
  await expect(page.locator('#layer-name')).toHaveValue('conv2d_2');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(11);
  await page.keyboard.press('Delete');
  await expect(node(page, 'conv2d_2')).toHaveCount(0);
  await select(page, 'conv2d_1');
  await page.keyboard.press('Control+x');
  await expect(node(page, 'conv2d_1')).toHaveCount(0);
  await page.keyboard.press('Control+v');
  await expect(page.locator('#layer-name')).toHaveValue('conv2d_1');
  await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+a');
  await expect(page.getByRole('heading', { name: '10 layers selected' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(10);

  // An edge is selected by its shape label and deleted like a node (in view, and drawn, once the
  // summary's row for c1 has centred c1 at a zoom where the cards show every figure).
  await page.getByRole('row', { name: /^c1 / }).click();
  await expect(page.locator('.canvas')).toHaveAttribute('data-detail', 'card');
  await edgeShape(page, 'c1', 'p1').click();
  await page.keyboard.press('Delete');
  await expect(edgeShape(page, 'c1', 'p1')).toHaveCount(0);
  await expect(node(page, 'p1').getByRole('alert')).toContainText('Has no input');
});

test('a node dragged on the canvas moves in the document, and undo moves it back', async ({
  page,
}) => {
  await openEditor(page);
  await newModel(page);
  const title = node(page, 'input').locator('header');
  const before = (await title.boundingBox())!;
  await page.mouse.move(before.x + 20, before.y + 8);
  await page.mouse.down();
  await page.mouse.move(before.x + 120, before.y + 128, { steps: 8 });
  await page.mouse.up();
  // The library starts the drag a few pixels in, so the card trails the pointer slightly.
  const after = (await title.boundingBox())!;
  expect(after.x - before.x).toBeGreaterThan(80);
  expect(after.y - before.y).toBeGreaterThan(100);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => Math.round((await title.boundingBox())!.y - before.y)).toBe(0);
});

test('Arrange lays every layer out top to bottom', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'p1');
  await page.keyboard.press('Control+d');
  await page.getByRole('button', { name: 'Arrange top to bottom' }).click();
  const boxes = await Promise.all(
    ['in', 'c1', 'p1', 'c2'].map(async (id) => (await node(page, id).boundingBox())!),
  );
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i].y).toBeGreaterThan(boxes[i - 1].y + boxes[i - 1].height);
    expect(Math.abs(boxes[i].x - boxes[0].x)).toBeLessThan(1);
  }
  await screenshot(page, 'commands-arranged');
});

test('the working document survives a reload', async ({ page }) => {
  await openEditor(page);
  await newModel(page);
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('conv');
  await search.press('Enter');
  await expect(node(page, 'conv2d_1')).toBeVisible();
  // Autosave waits for a pause in the editing.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(node(page, 'conv2d_1')).toBeVisible();
  await expect(page.locator('header h1')).toHaveText('Untitled•');
});

test('zoom buttons, fit (F) and the minimap', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await expect(page.locator('.svelte-flow__minimap')).toBeVisible();
  const viewport = page.locator('.svelte-flow__viewport');
  const scale = async () =>
    viewport.evaluate((element) => new DOMMatrix(getComputedStyle(element).transform).a);
  const start = await scale();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(scale).toBeGreaterThan(start);
  await page.getByRole('button', { name: 'Zoom Out' }).click();
  await page.getByRole('button', { name: 'Zoom Out' }).click();
  await expect.poll(scale).toBeLessThan(start);
  // F fits the whole model in view: every card's box inside the canvas.
  await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('f');
  const pane = (await page.locator('.svelte-flow').boundingBox())!;
  await expect(async () => {
    for (const card of await page.locator('.svelte-flow__node').all()) {
      const box = (await card.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(pane.x);
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
    }
  }).toPass();
});

test('work left by a session that ended unexpectedly is back, and can be discarded', async ({
  page,
}) => {
  // What the web edition's autosave holds when a tab closed without a clean end.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem(
      'cnn-studio:autosave',
      JSON.stringify({
        format: 'cnn-studio/model',
        version: 1,
        name: 'Unsaved work',
        nodes: [{ id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } }],
        edges: [],
      }),
    );
  });
  await page.goto('/');
  const notice = page.getByRole('status').filter({ hasText: 'closed unexpectedly is back' });
  await expect(notice).toBeVisible();
  await expect(page.locator('header h1')).toContainText('Unsaved work');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
  await screenshot(page, 'recovered-document');
  await notice.getByRole('button', { name: 'Discard it' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.locator('header h1')).toContainText('LeNet-5');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(9);
});

test.describe('in the dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the editor follows the system theme', async ({ page }) => {
    await openEditor(page);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 27)');
    await select(page, 'c2');
    await screenshot(page, 'dark-lenet5');
  });
});

test('the layer search finds the commands of the menus and the keyboard, and runs them', async ({
  page,
}) => {
  await openEditor(page);
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('save');
  await expect(page.locator('.palette [data-command]')).toHaveText([
    'Save (Ctrl+S)',
    'Save As… (Ctrl+Shift+S)',
  ]);
  await search.fill('dashboard');
  await expect(page.getByText('No layer matches “dashboard”.')).toBeVisible();
  await page.getByRole('button', { name: 'Show the Dashboard (Ctrl+2)' }).click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
});
