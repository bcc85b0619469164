// The rough edges a person new to the editor ran into, each as it was met: adding after a layer,
// keyboard zoom, Cut's notice, stray text selection and the console's per-key warnings.

import { expect, test } from '@playwright/test';
import { edgeShape, node, nodeShape, openEditor, select } from './editor';

test('+ and − zoom, Ctrl+0 fits, and key presses leave the console quiet', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
  });
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  const viewport = page.locator('.svelte-flow__viewport');
  const scale = async () =>
    viewport.evaluate((element) => new DOMMatrix(getComputedStyle(element).transform).a);
  /** The scale once the view stopped moving (a fit waits for the next frame). */
  const settled = async () => {
    let last = NaN;
    await expect(async () => {
      const now = await scale();
      const same = now === last;
      last = now;
      expect(same).toBe(true);
    }).toPass({ intervals: [150] });
    return last;
  };
  await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await settled();
  await page.keyboard.press('Control+0');
  const fitted = await settled();
  await page.keyboard.press('+');
  await expect.poll(scale).toBeGreaterThan(fitted);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect.poll(scale).toBeLessThan(fitted);
  await page.keyboard.press('Control+0');
  await expect.poll(scale).toBeCloseTo(fitted, 3);
  // Typing into a field is the field's: no zoom.
  await select(page, 'c1');
  await page.locator('#layer-name').press('End');
  await page.locator('#layer-name').press('-');
  await expect(page.locator('#layer-name')).toHaveValue('c1-');
  await expect.poll(scale).toBeCloseTo(fitted, 3);
  expect(warnings).toEqual([]);
});

test('a connection dragged off the canvas leaves no text selected', async ({ page }) => {
  await openEditor(page);
  const handle = (await node(page, 'c1').locator('.svelte-flow__handle.source').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(100, 600, { steps: 10 });
  await page.mouse.up();
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('');
  // The drag still makes connections.
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(8);
});

test('Cut says it cut, and the layers are gone until pasted', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'c1');
  await page.keyboard.press('Control+x');
  await expect(page.getByRole('status').filter({ hasText: 'Cut 1 layer.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveCount(0);
  await expect(node(page, 'c1')).toHaveCount(0);
  await page.keyboard.press('Control+v');
  await expect(node(page, 'c1')).toBeVisible();
});

test('a layer added after the selected one goes into the chain, by double-click or search', async ({
  page,
}) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'c1');
  await page.locator('.palette [data-type="relu"]').dblclick();
  await expect(page.locator('#layer-name')).toHaveValue('relu_1');
  await expect(edgeShape(page, 'c1', 'relu_1')).toHaveText('6×28×28');
  await expect(edgeShape(page, 'relu_1', 'p1')).toHaveText('6×28×28');
  await expect(edgeShape(page, 'c1', 'p1')).toHaveCount(0);
  // The new layer is selected, so search + Enter adds after it in turn.
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('batch norm');
  await search.press('Enter');
  await expect(edgeShape(page, 'relu_1', 'batchnorm_1')).toBeVisible();
  await expect(edgeShape(page, 'batchnorm_1', 'p1')).toBeVisible();
  await expect(page.getByRole('tab', { name: /Problems/ })).toContainText('0');
  await expect(nodeShape(page, 'p1')).toHaveText('6×14×14');
  // No card covers another.
  const boxes = await Promise.all(
    (await page.locator('.svelte-flow__node').all()).map(
      async (card) => (await card.boundingBox())!,
    ),
  );
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      const apart =
        a.x + a.width <= b.x ||
        b.x + b.width <= a.x ||
        a.y + a.height <= b.y ||
        b.y + b.height <= a.y;
      expect(apart).toBe(true);
    }
  }
});

test('a number field writes only valid values, refuses one out of range, and Esc restores', async ({
  page,
}) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'in');
  const height = page.getByLabel('Height', { exact: true });
  await height.selectText();
  // Key by key, as a person types: 1000 on the way to 100000 is valid but must not stay.
  await height.pressSequentially('100000');
  await expect(height).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Height must be' })).toHaveText(
    'Height must be a whole number from 1 to 4096. The model keeps 28 until it is fixed (Esc puts it back).',
  );
  await expect(nodeShape(page, 'in')).toHaveText('1×28×28');
  await height.press('Escape');
  await expect(height).toHaveValue('28');
  await expect(height).toHaveAttribute('aria-invalid', 'false');
  // Esc also undoes a valid value typed in the same edit.
  await height.selectText();
  await height.pressSequentially('32');
  await expect(nodeShape(page, 'in')).toHaveText('1×32×28');
  await height.press('Escape');
  await expect(height).toHaveValue('28');
  await expect(nodeShape(page, 'in')).toHaveText('1×28×28');
  // A valid value typed and left stays.
  await height.selectText();
  await height.pressSequentially('32');
  await height.press('Enter');
  await expect(nodeShape(page, 'in')).toHaveText('1×32×28');
});

test('messages use the inspector’s words; an empty model and partial totals say so', async ({
  page,
}) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'c1');
  await page.getByLabel('Kernel size', { exact: true }).fill('40');
  await expect(node(page, 'c1').getByRole('alert')).toContainText(
    'Kernel size 40 is larger than its input 28×28',
  );
  await expect(page.getByTestId('total-params')).toBeVisible();
  await expect(page.getByText('partial: 8 layers not counted')).toBeVisible();
  await page.getByLabel('Kernel size', { exact: true }).fill('5');
  await expect(page.getByText(/partial/)).toHaveCount(0);

  await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('empty-canvas')).toHaveText(
    'The model is empty. Drag an Input layer here from the list on the left, or pick a template to start from.',
  );
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect(page.locator('#panel-body')).toContainText(
    'The model is empty: add an Input layer from the list on the left, or start from a template.',
  );
  await page.locator('#panel-body').getByRole('button', { name: 'Add an input' }).click();
  await expect(page.getByTestId('empty-canvas')).toHaveCount(0);
  await expect(nodeShape(page, 'input_1')).toHaveText('1×28×28');
});

test('one-click fixes: a kernel that fits its dilation, a pasted copy beside its original', async ({
  page,
}) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await select(page, 'c2');
  await page.getByLabel('Dilation', { exact: true }).fill('4');
  const card = node(page, 'c2');
  await expect(card.getByRole('alert')).toContainText('with dilation 4 it spans 17×17');
  await card.getByRole('button', { name: 'Use kernel 4' }).click();
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(nodeShape(page, 'c2')).toHaveText('16×2×2');

  await select(page, 'c1');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  const copy = node(page, 'conv2d_1');
  await expect(copy).toBeVisible();
  const a = (await node(page, 'c1').boundingBox())!;
  const b = (await copy.boundingBox())!;
  expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y).toBe(true);
  await expect(copy.getByRole('button', { name: /Connect from "(out|f\d)"/ })).toHaveCount(0);
});
