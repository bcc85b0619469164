// Templates, saving, reopening, and refusing a file that is not a model.

import { expect, test, type Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { newModel, node, openEditor, screenshot, select, totalParams } from './editor';

async function loadTemplate(page: Page, id: string): Promise<void> {
  await page.locator(`[data-template="${id}"]`).click();
}

async function save(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const file = await download;
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

async function open(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(path);
}

test('the LeNet-5 template has 61,706 parameters', async ({ page }) => {
  await openEditor(page);
  await newModel(page);
  await loadTemplate(page, 'lenet5');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(9);
  await expect(totalParams(page)).toHaveText('61,706');
  await expect(page.getByTestId('total-macs')).toHaveText('416,520');
  await expect(page.getByTestId('summary-params')).toHaveText('61,706');
  await screenshot(page, 'template-lenet5');
});

test.describe('with the clipboard', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the summary is copied as Markdown and as text', async ({ page }) => {
    await openEditor(page);
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect(page.getByRole('status')).toContainText('Copied the summary as Markdown.');
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toContain('| c1 | conv2d | 6×28×28 | 156 | 117,600 | 5×5 |');
    await page.getByRole('button', { name: 'Copy as text' }).click();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('Total params: 61,706');
  });
});

test('every template opens as a valid model', async ({ page }) => {
  await openEditor(page);
  for (const id of ['lenet5-classic', 'vgg-small', 'resnet-small', 'allconv', 'mlp']) {
    await loadTemplate(page, id);
    await expect(page.getByRole('tab', { name: /Problems/ })).toHaveText('Problems 0');
  }
  await loadTemplate(page, 'resnet-small');
  await page.keyboard.press('f');
  await screenshot(page, 'template-resnet-fit');
});

test('save and reopen give the same document', async ({ page }) => {
  await openEditor(page);
  await loadTemplate(page, 'lenet5');
  await select(page, 'c1');
  await page.getByLabel('Filters', { exact: true }).fill('8');
  await expect(page.locator('header h1')).toHaveText('LeNet-5•');

  const first = await save(page);
  await expect(page.locator('header h1')).toHaveText('LeNet-5.cnn.json');
  const saved = JSON.parse(await readFile(first, 'utf8'));
  expect(saved.nodes.find((n: { id: string }) => n.id === 'c1').params.filters).toBe(8);
  expect(saved.nodes.every((n: { position?: unknown }) => n.position)).toBe(true);

  await newModel(page);
  await open(page, first);
  await expect(node(page, 'c1')).toBeVisible();
  await expect(page.locator('header h1')).toHaveText('LeNet-5.cnn.json');
  const again = await save(page);
  expect(await readFile(again, 'utf8')).toBe(await readFile(first, 'utf8'));
});

test('a file that is not a valid model is refused with its problems, changing nothing', async ({
  page,
}) => {
  await openEditor(page);
  await newModel(page);
  const path = test.info().outputPath('broken.cnn.json');
  await writeFile(
    path,
    JSON.stringify({
      format: 'cnn-studio/model',
      version: 1,
      nodes: [
        { id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } },
        { id: 'c', type: 'conv2d', params: { filters: 0, kernelSize: 3 } },
      ],
      edges: [{ from: 'in', to: 'c' }],
    }),
  );
  await open(page, path);
  const notice = page.getByRole('status').filter({ hasText: 'was not opened' });
  await expect(notice).toContainText('broken.cnn.json was not opened: it is not a valid model.');
  await expect(notice).toContainText(
    'node "c" (conv2d): filters must be a whole number from 1 to 4096, got 0',
  );
  await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
  await expect(node(page, 'input')).toBeVisible();
  await screenshot(page, 'files-invalid');
});
