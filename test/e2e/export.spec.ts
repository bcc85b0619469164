// The Export menu in the header: the model as JSON, TensorFlow.js, ONNX and PyTorch, built off the
// page's thread and downloaded in the web edition.

import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { edgeShape, openEditor, screenshot } from './editor';

async function exportAs(page: Page, item: string, files: number) {
  const downloads: Promise<import('@playwright/test').Download>[] = [];
  const all = new Promise<void>((resolve) => {
    page.on('download', function listen(download) {
      downloads.push(Promise.resolve(download));
      if (downloads.length === files) {
        page.off('download', listen);
        resolve();
      }
    });
  });
  await page.getByRole('button', { name: /^Export/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
  await all;
  return Promise.all(downloads);
}

test('exports LeNet-5 in every format', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await page.getByRole('button', { name: /^Export/ }).click();
  await expect(page.getByRole('menuitem')).toHaveCount(5);
  await screenshot(page, 'export-menu');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);

  const [json] = await exportAs(page, 'Model JSON with weights', 1);
  expect(json.suggestedFilename()).toBe('LeNet-5.json');
  const model = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(model.format).toBe('cnn-studio/model');
  expect(Object.keys(model.weights).sort()).toEqual(['c1', 'c2', 'f1', 'f2', 'out']);

  const [bare] = await exportAs(page, 'Model JSON, architecture only', 1);
  expect(JSON.parse(await readFile(await bare.path(), 'utf8')).weights).toBeUndefined();

  const [onnx] = await exportAs(page, 'ONNX (.onnx)', 1);
  expect(onnx.suggestedFilename()).toBe('LeNet-5.onnx');
  // 61,706 float32 weights and the graph around them.
  expect((await readFile(await onnx.path())).length).toBeGreaterThan(61_706 * 4);

  const tfjs = await exportAs(page, 'TensorFlow.js (model.json + weights)', 2);
  expect(tfjs.map((d) => d.suggestedFilename()).sort()).toEqual([
    'group1-shard1of1.bin',
    'model.json',
  ]);

  const pytorch = await exportAs(page, 'PyTorch (model.py, train.py, weights)', 4);
  expect(pytorch.map((d) => d.suggestedFilename()).sort()).toEqual([
    'model.py',
    'train.py',
    'weights.json',
    'weights.safetensors',
  ]);
});

test('a model with problems cannot be exported, and the menu says why', async ({ page }) => {
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await edgeShape(page, 'c1', 'p1').click();
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: /^Export/ }).click();
  await expect(page.getByRole('menuitem').first()).toBeDisabled();
  await expect(page.getByRole('menu')).toContainText(
    /Fix the model's (\d+ )?problems? to export it\./,
  );
});
