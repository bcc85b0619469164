// The experiment story end to end, as a person goes through it in the web edition: two templates
// trained for one epoch of the shapes set (small: a few hundred steps each), then compared in
// Runs (curves overlaid, both on the scatter, their diff), one opened in the editor, and both
// runs still there after a reload.

import { expect, test, type Page } from '@playwright/test';
import { openEditor, screenshot } from './editor';

/** Trains the template for one epoch of shapes, fitted to it, and waits for the run to end. */
async function trainTemplate(page: Page, template: string): Promise<void> {
  await page.getByRole('tab', { name: 'Design' }).click();
  await page.locator(`[data-template="${template}"]`).click();
  await page.getByRole('tab', { name: /^Train/ }).click();
  await page.getByLabel('Dataset').selectOption('shapes');
  await page.getByRole('button', { name: 'Fit the model to Shapes' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByRole('button', { name: '▶ Start' }).click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-phase', 'finished', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('test-accuracy')).toBeVisible();
}

async function openRuns(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('runs-view')).toBeVisible();
}

test('two templates trained, compared, scattered, diffed, one opened, both kept over a reload', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await trainTemplate(page, 'lenet5');
  await trainTemplate(page, 'mlp');

  await openRuns(page);
  const names = page.locator('tbody tr .name');
  // Newest first.
  await expect(names).toHaveText(['MLP baseline', 'LeNet-5']);
  const rows = page.locator('tbody tr[data-run]');
  for (const row of await rows.all()) {
    await expect(row.locator('td').nth(4)).toHaveText('finished');
    await expect(row.locator('td').nth(5)).toHaveText(/^\d+\.\d\d%$/);
  }

  // Both on the scatter; the front is made of them, and no run is left out.
  const scatter = page.getByLabel('Scatter of test accuracy against Parameters');
  await expect(scatter).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('runs-front')).toContainText(/LeNet-5|MLP baseline/);
  await expect(page.getByTestId('runs-excluded')).toHaveCount(0);

  // Compared: their curves overlaid, one legend entry each, and their differences.
  await page.getByRole('checkbox', { name: 'Overlay the curves of LeNet-5' }).check();
  await page.getByRole('checkbox', { name: 'Overlay the curves of MLP baseline' }).check();
  await expect(page.getByTestId('runs-legend').locator('li:not(.key)')).toHaveText([
    'LeNet-5',
    'MLP baseline',
  ]);
  const diff = page.getByTestId('runs-diff');
  await expect(diff.getByRole('heading', { level: 3 })).toHaveText('From LeNet-5 to MLP baseline');
  await expect(diff.getByTestId('diff-removed')).toContainText('c1');
  await expect(diff.getByTestId('diff-added')).toContainText('h1');
  await screenshot(page, 'experiments-compared');

  // LeNet-5 opened in the editor, with the weights its run trained.
  await page
    .locator('tbody tr[data-run]', { hasText: 'LeNet-5' })
    .getByRole('button', {
      name: 'Open',
      exact: true,
    })
    .click();
  await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('header h1')).toContainText('LeNet-5');
  await expect(page.locator('.svelte-flow__node[data-id="c1"]')).toBeVisible();
  await expect(page.getByTestId('weights-origin')).toHaveText(
    /^Weights from run “LeNet-5” \(\d+\.\d% on the Shapes test set\)\. Show in Runs$/,
  );

  await page.reload();
  await openRuns(page);
  await expect(names).toHaveText(['MLP baseline', 'LeNet-5']);
  await expect(scatter).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('runs-diff')).toBeVisible();
});

test('every template trained for one epoch by the queue, landing on the scatter', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await page.getByRole('tab', { name: /^Train/ }).click();
  await page.getByLabel('Dataset').selectOption('shapes');
  await openRuns(page);
  const queue = page.getByTestId('run-queue');
  await expect(queue).toContainText('with the Train settings: Shapes, 4 epochs, batch 32');
  await queue.getByRole('button', { name: 'Train every template for one epoch' }).click();
  await expect(page.getByTestId('queue-status')).toHaveText(/^Training \d+ of 12: /);
  await expect(page.getByTestId('queue-items').locator('li')).toHaveCount(12);
  // The time left is known once a model has trained.
  await expect(page.getByTestId('queue-eta')).toHaveText(/^ETA \d+:\d\d$/, { timeout: 120_000 });
  await screenshot(page, 'experiments-queue');
  await expect(page.getByTestId('queue-status')).toHaveCount(0, { timeout: 420_000 });

  await expect(page.locator('tbody tr[data-run]')).toHaveCount(12);
  for (const outcome of await page.locator('tbody tr[data-run] td:nth-child(5)').all()) {
    await expect(outcome).toHaveText('finished');
  }
  await expect(page.getByLabel('Scatter of test accuracy against Parameters')).toHaveAttribute(
    'data-points',
    '12',
  );
  await expect(page.getByTestId('runs-excluded')).toHaveCount(0);
  // The queue's runs kept their weights to themselves: the editor's model has none.
  await page.getByRole('tab', { name: 'Design' }).click();
  await expect(page.getByTestId('weights-origin')).toHaveCount(0);
});

test('a queue pauses and resumes the model training, and a cancel keeps the run it stopped', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await page.getByRole('tab', { name: /^Train/ }).click();
  await page.getByLabel('Dataset').selectOption('shapes');
  await page.getByLabel('Epochs').fill('30');
  await openRuns(page);
  const queue = page.getByTestId('run-queue');
  await queue.getByRole('button', { name: 'Add the open model' }).click();
  await queue.getByRole('button', { name: 'Add the open model' }).click();
  await queue.getByRole('button', { name: 'Add every template' }).click();
  await expect(queue.getByTestId('queue-items').locator('li')).toHaveCount(14);
  await queue.getByRole('button', { name: 'Take LeNet-5 out of the queue' }).first().click();
  await queue.getByRole('button', { name: 'Clear' }).click();
  await expect(queue.getByTestId('queue-items')).toHaveCount(0);
  await queue.getByRole('button', { name: 'Add the open model' }).click();
  await queue.getByRole('button', { name: 'Add the open model' }).click();
  await queue.getByRole('button', { name: 'Train 2 models' }).click();

  const status = page.getByTestId('queue-status');
  await expect(status).toHaveText('Training 1 of 2: LeNet-5');
  await expect(page.locator('tbody tr .live')).toHaveText('training');
  await queue.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveText('Paused 1 of 2: LeNet-5');
  await page.getByRole('tab', { name: /^Train/ }).click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-phase', 'paused');
  await openRuns(page);
  await queue.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText('Training 1 of 2: LeNet-5');
  await queue.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toHaveCount(0, { timeout: 60_000 });
  // The run cancelled is kept, stopped; the second never started.
  await expect(page.locator('tbody tr[data-run]')).toHaveCount(1);
  await expect(page.locator('tbody tr[data-run] td').nth(4)).toHaveText('stopped');
});
