// Building a model with the mouse: layers dragged from the palette, wired between handles, set in
// the inspector; every node and edge shows its shape as it changes.

import { expect, test } from '@playwright/test';
import {
  connect,
  dragLayer,
  edgeShape,
  newModel,
  node,
  nodeShape,
  openEditor,
  screenshot,
  select,
} from './editor';

test.beforeEach(async ({ page }) => {
  await openEditor(page);
  await newModel(page);
});

test('drag, wire and set filters: node and edge shapes follow', async ({ page }) => {
  await dragLayer(page, 'conv2d', { x: 420, y: 200 });
  await expect(node(page, 'conv2d_1')).toBeVisible();
  await expect(node(page, 'conv2d_1').getByRole('alert')).toContainText('Has no input');

  await connect(page, 'input', 'conv2d_1');
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('16×28×28');
  await expect(edgeShape(page, 'input', 'conv2d_1')).toHaveText('1×28×28');
  await expect(node(page, 'conv2d_1').getByRole('alert')).toHaveCount(0);

  await dragLayer(page, 'maxpool2d', { x: 620, y: 330 });
  await connect(page, 'conv2d_1', 'maxpool2d_1');
  await expect(edgeShape(page, 'conv2d_1', 'maxpool2d_1')).toHaveText('16×28×28');
  await expect(nodeShape(page, 'maxpool2d_1')).toHaveText('16×14×14');

  await select(page, 'conv2d_1');
  await page.getByLabel('Filters', { exact: true }).fill('8');
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('8×28×28');
  await expect(edgeShape(page, 'conv2d_1', 'maxpool2d_1')).toHaveText('8×28×28');
  await expect(nodeShape(page, 'maxpool2d_1')).toHaveText('8×14×14');
  await expect(node(page, 'conv2d_1')).toContainText('80');
  // The label of the edge between two close cards is drawn over them, the selected one included.
  const label = edgeShape(page, 'conv2d_1', 'maxpool2d_1');
  const box = (await label.boundingBox())!;
  const onTop = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="edge-shape"]') != null,
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  expect(onTop).toBe(true);
  await screenshot(page, 'build-filters-8');
});

test('an invalid setting is shown red with its reason and never reaches the model', async ({
  page,
}) => {
  await dragLayer(page, 'conv2d', { x: 420, y: 200 });
  await connect(page, 'input', 'conv2d_1');
  await select(page, 'conv2d_1');
  const filters = page.getByLabel('Filters', { exact: true });
  await filters.fill('0');
  await expect(filters).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Filters must be' })).toHaveText(
    'Filters must be a whole number from 1 to 4096. The model keeps 16 until it is fixed (Esc puts it back).',
  );
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('16×28×28');
  await screenshot(page, 'build-invalid-setting');
  await filters.fill('12');
  await expect(filters).toHaveAttribute('aria-invalid', 'false');
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('12×28×28');

  // In the inspector, undo is the model's: the typing was one edit.
  await filters.press('Control+z');
  await expect(filters).toHaveValue('16');
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('16×28×28');
});

test('a connection that would give a layer two inputs is refused with a reason', async ({
  page,
}) => {
  await dragLayer(page, 'conv2d', { x: 420, y: 120 });
  await dragLayer(page, 'relu', { x: 420, y: 380 });
  await connect(page, 'input', 'conv2d_1');
  await connect(page, 'input', 'relu_1');
  await connect(page, 'relu_1', 'conv2d_1');
  await expect(page.getByRole('status')).toContainText(
    '"conv2d_1" already has an input ("input"); a Conv 2D layer takes one.',
  );
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
});

test('layers are added from the keyboard, wired after the selected one, and undone', async ({
  page,
}) => {
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('conv');
  await search.press('Enter');
  await expect(nodeShape(page, 'conv2d_1')).toHaveText('16×28×28');
  await search.fill('flatten');
  await search.press('Enter');
  await search.fill('');
  await page.locator('.palette [data-type="dense"]').dblclick();
  await expect(nodeShape(page, 'dense_1')).toHaveText('64');
  await expect(page.getByTestId('total-params')).toHaveText('803,040');

  await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(node(page, 'dense_1')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(nodeShape(page, 'dense_1')).toHaveText('64');
  await screenshot(page, 'build-keyboard');
});
