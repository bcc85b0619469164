// A dense layer on an image: the error on the node, its one-click fix, totals, and undo.

import { expect, test } from '@playwright/test';
import {
  connect,
  dragLayer,
  newModel,
  node,
  nodeShape,
  openEditor,
  screenshot,
  totalParams,
} from './editor';

test('dense on an image: Insert Flatten clears the error, updates totals, undo restores it', async ({
  page,
}) => {
  await openEditor(page);
  await newModel(page);
  await dragLayer(page, 'conv2d', { x: 420, y: 200 });
  await connect(page, 'input', 'conv2d_1');
  // Below it, as the editor lays a chain out, so the problem's callout beside the card is on the
  // canvas, where a user sees it (at the canvas's right edge it would be cut off).
  await dragLayer(page, 'dense', { x: 420, y: 330 });
  await connect(page, 'conv2d_1', 'dense_1');

  const dense = node(page, 'dense_1');
  const error = dense.getByRole('alert');
  await expect(error).toContainText(
    'Dense needs a flat input but "conv2d_1" gives an image 16×28×28',
  );
  await expect(nodeShape(page, 'dense_1')).toHaveText('—');
  const callout = await error.boundingBox();
  const canvas = await page.locator('.canvas').boundingBox();
  expect(callout!.x + callout!.width).toBeLessThanOrEqual(canvas!.x + canvas!.width);
  expect(callout!.x).toBeGreaterThanOrEqual(canvas!.x);
  await expect(totalParams(page)).toHaveText('160');
  await expect(page.getByText('partial')).toBeVisible();
  await screenshot(page, 'fix-dense-on-image');

  await dense.getByRole('button', { name: 'Insert Flatten' }).click();
  await expect(error).toHaveCount(0);
  await expect(node(page, 'flatten_1')).toBeVisible();
  await expect(nodeShape(page, 'flatten_1')).toHaveText('12544');
  await expect(nodeShape(page, 'dense_1')).toHaveText('64');
  await expect(totalParams(page)).toHaveText('803,040');
  await expect(page.getByText('partial')).toHaveCount(0);
  await screenshot(page, 'fix-after-flatten');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(error).toContainText('Dense needs a flat input');
  await expect(node(page, 'flatten_1')).toHaveCount(0);
  await expect(totalParams(page)).toHaveText('160');
});

test('problems are listed in the panel and a click focuses the layer', async ({ page }) => {
  await openEditor(page);
  await newModel(page);
  await dragLayer(page, 'dense', { x: 420, y: 200 });
  await page.getByRole('tab', { name: /Problems/ }).click();
  const list = page.locator('#panel-body');
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list).toContainText('Has no input; connect one node to it');
  await list.getByRole('button', { name: 'dense_1' }).first().click();
  await expect(page.locator('#layer-name')).toHaveValue('dense_1');
  await list.getByRole('button', { name: 'Connect from "input"' }).first().click();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Dense needs a flat input');
  await list.getByRole('button', { name: 'Insert GlobalAvgPool' }).click();
  await expect(list).toContainText('No problems');
  await expect(nodeShape(page, 'dense_1')).toHaveText('64');
  // A sound graph that does not fit Train's dataset says so, and fits it in one click.
  await expect(list.getByTestId('dataset-fit')).toContainText(
    'To train on MNIST: The model outputs 64 values; MNIST has 10 classes.',
  );
  await screenshot(page, 'fix-problem-list');
  await list.getByRole('button', { name: 'Fit the model to MNIST' }).click();
  await expect(list).toHaveText('No problems: the model can train on MNIST.');
  await expect(nodeShape(page, 'dense_1')).toHaveText('10');
});
