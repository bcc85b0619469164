// Runs mode in the web edition: runs seeded into the IndexedDB store the web backend keeps them
// in, then listed, sorted, filtered, relabelled, noted, deleted, opened and trained on, and still
// there after a reload.

import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { ModelDocument } from '../../src/engine/index';
import type { RunRecord } from '../../src/shared/runs/record';
import { model, recordOf } from '../runs/fixtures';
import { openEditor, screenshot } from './editor';

const runs = [
  { ...recordOf({ id: 'run-lenet', model: model('LeNet-5', 6), name: 'LeNet first' }) },
  {
    ...recordOf({
      id: 'run-wide',
      model: model('Wide', 16),
      name: 'Wide try',
      startedAt: '2025-01-03T09:00:00.000Z',
      loaded: { parameterCount: 9000 },
      finished: { test: { loss: 0.3, accuracy: 0.925, correct: 37, count: 40 } },
    }),
    tags: ['sweep'],
  },
  {
    ...recordOf({
      id: 'run-small',
      model: model('Small', 2),
      name: 'Small one',
      startedAt: '2025-01-01T09:00:00.000Z',
      loaded: { parameterCount: 30 },
    }),
  },
];
// A run that learnt more slowly, so its curve is seen apart from the others'.
const slow = runs[2].curve;
runs[2] = { ...runs[2], curve: { ...slow, loss: slow.loss.map((loss) => loss * 1.3) } };

/** Small values in a fixed pseudo-random order, `count` of them. */
function values(count: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.sin(seed * 97 + i * 13.7) * 0.4);
}

/**
 * The model a run trained, as the run keeps it: its layers (the fixtures' conv of `filters` into
 * four classes), weights, and the `training` that says which run and settings made them.
 */
function trainedModel(record: RunRecord): ModelDocument {
  const filters = (record.model.nodes[1].params as { filters: number }).filters;
  return {
    ...record.model,
    weights: {
      c1: {
        weight: { shape: [filters, 1, 3, 3], data: values(filters * 9, 1) },
        bias: { shape: [filters], data: values(filters, 2) },
      },
      out: {
        weight: { shape: [4, filters], data: values(4 * filters, 3) },
        bias: { shape: [4], data: values(4, 4) },
      },
    },
    training: {
      ...record.settings,
      normalization: record.normalization,
      result: { epochs: record.epochs.length, testAccuracy: record.test?.accuracy ?? null },
      run: record.id,
    },
  };
}

/** Puts the runs where the web backend keeps them: their record's text and their model's. */
async function seedRuns(page: Page, seeded: readonly RunRecord[] = runs): Promise<void> {
  const entries = seeded.map((record) => ({
    id: record.id,
    record: JSON.stringify(record),
    trained: JSON.stringify(trainedModel(record)),
  }));
  await page.evaluate(async (entries) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('cnn-studio-runs', 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('records');
        request.result.createObjectStore('models');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const transaction = database.transaction(['records', 'models'], 'readwrite');
    for (const entry of entries) {
      transaction.objectStore('records').put(entry.record, entry.id);
      transaction.objectStore('models').put(entry.trained, entry.id);
    }
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onabort = () => reject(transaction.error);
    });
    database.close();
  }, entries);
}

async function openRuns(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('runs-view')).toBeVisible();
}

/** The text of the file an Export button downloads. */
async function downloaded(page: Page, button: 'CSV' | 'Markdown'): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return readFile(await (await download).path(), 'utf8');
}

const names = (page: Page) => page.locator('tbody tr .name');

test('lists the kept runs, sorts, filters, relabels, deletes and opens them', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await openRuns(page);
  await expect(page.getByTestId('runs-empty')).toContainText('press Start');

  await seedRuns(page);
  await page.reload();
  await openRuns(page);
  // Newest first.
  await expect(names(page)).toHaveText(['Wide try', 'LeNet first', 'Small one']);

  const params = page.getByRole('columnheader', { name: 'Params' });
  await params.getByRole('button').click();
  await expect(params).toHaveAttribute('aria-sort', 'ascending');
  await expect(names(page)).toHaveText(['Small one', 'LeNet first', 'Wide try']);
  await params.getByRole('button').click();
  await expect(params).toHaveAttribute('aria-sort', 'descending');
  await expect(names(page)).toHaveText(['Wide try', 'LeNet first', 'Small one']);
  await expect(page.getByRole('columnheader', { name: 'Started' })).toHaveAttribute(
    'aria-sort',
    'none',
  );
  await expect(page.locator('tr[data-run="run-wide"] td').nth(5)).toHaveText('92.50%');

  const filter = page.getByRole('searchbox', { name: /Filter runs/ });
  await filter.fill('sweep');
  await expect(names(page)).toHaveText(['Wide try']);
  expect(await downloaded(page, 'CSV')).toMatch(
    /^name,model,dataset,.*\r\nWide try,Wide,shapes,finished,0\.925,0\.3,9000,/,
  );
  await filter.fill('lenet');
  await expect(names(page)).toHaveText(['LeNet first']);
  await filter.fill('');

  const lenet = page.locator('tr[data-run="run-lenet"]');
  const labels = page.locator('tr[data-edit="run-lenet"]');
  await lenet.getByRole('button', { name: 'Edit' }).click();
  await labels.getByRole('textbox', { name: 'Run name' }).fill('LeNet baseline');
  await labels.getByRole('textbox', { name: 'Run name' }).press('Enter');
  await expect(labels).toHaveCount(0);
  await expect(lenet.locator('.name')).toHaveText('LeNet baseline');
  await lenet.getByRole('button', { name: 'Edit' }).click();
  await labels.getByRole('textbox', { name: /Tags/ }).fill('baseline, shapes, baseline');
  await labels.getByRole('textbox', { name: /Tags/ }).press('Enter');
  await expect(lenet.locator('.tag')).toHaveText(['baseline', 'shapes']);
  // Escape leaves the labels as they were.
  await lenet.getByRole('button', { name: 'Edit' }).click();
  await labels.getByRole('textbox', { name: 'Run name' }).fill('Not kept');
  await labels.getByRole('textbox', { name: 'Run name' }).press('Escape');
  await expect(lenet.locator('.name')).toHaveText('LeNet baseline');

  const small = page.locator('tr[data-run="run-small"]');
  await small.getByRole('button', { name: 'Delete Small one' }).click();
  await small.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(names(page)).toHaveText(['Wide try', 'LeNet baseline']);
  await screenshot(page, 'runs-table');

  await page.reload();
  await openRuns(page);
  await expect(names(page)).toHaveText(['Wide try', 'LeNet baseline']);
  await filter.fill('baseline');
  await expect(names(page)).toHaveText(['LeNet baseline']);
  const markdown = (await downloaded(page, 'Markdown')).split('\n');
  expect(markdown[2]).toMatch(/^\| LeNet baseline \| LeNet-5 \| shapes \| finished \| 80\.00% \|/);
  expect(markdown).toHaveLength(4);

  await lenet.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Design' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.svelte-flow__node[data-id="c1"]')).toBeVisible();
  await expect(page.locator('header h1')).toContainText('LeNet baseline');
});

test('notes a run, continues training it as a new run that names it, and says so after a reload', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await seedRuns(page);
  await page.reload();
  await openRuns(page);

  const lenet = page.locator('tr[data-run="run-lenet"]');
  await lenet.getByRole('button', { name: 'Edit' }).click();
  const notes = page.getByRole('textbox', { name: 'Notes on LeNet first' });
  await notes.fill('Baseline for the sweep.');
  // Enter is a new line in the notes; Ctrl+Enter saves them.
  await notes.press('Enter');
  await notes.pressSequentially('Try wider next.');
  await screenshot(page, 'runs-edit');
  await notes.press('Control+Enter');
  await expect(notes).toHaveCount(0);
  await expect(lenet.locator('.notes')).toHaveText('Baseline for the sweep.\nTry wider next.');

  // Its final weights and settings (shapes, two epochs of SGD at batch 10), trained on as a new run.
  await lenet.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('tab', { name: /^Train/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Epochs')).toHaveValue('2');
  await expect(page.getByLabel('Batch size')).toHaveValue('10');
  await expect(page.getByTestId('progress')).toHaveAttribute('data-phase', 'finished', {
    timeout: 60_000,
  });

  await openRuns(page);
  const continued = page.locator('tbody tr', { hasText: 'continues “LeNet first”' });
  await expect(continued).toHaveCount(1);
  await expect(continued.locator('.name')).toHaveText('LeNet-5');
  await expect(continued.locator('td').nth(4)).toHaveText('finished');
  await expect(names(page)).toHaveCount(4);
  await screenshot(page, 'runs-continued');

  // The editor's model has the new run's weights, and says so.
  await page.getByRole('tab', { name: 'Design' }).click();
  await expect(page.getByTestId('weights-origin')).toHaveText(
    /^Weights from run “LeNet-5” \(\d+\.\d% on the Shapes test set\)\. Show in Runs$/,
  );
  await screenshot(page, 'editor-weights-origin');

  await page.reload();
  await openRuns(page);
  await expect(lenet.locator('.notes')).toHaveText('Baseline for the sweep.\nTry wider next.');
  await expect(continued).toHaveCount(1);
  await continued.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('weights-origin')).toContainText('Weights from run “LeNet-5”');
});

test('overlays the ticked runs’ curves, one legend entry a run, ticks kept on reload', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEditor(page);
  await seedRuns(page);
  await page.reload();
  await openRuns(page);
  const legend = page.getByTestId('runs-legend').locator('li:not(.key)');
  await expect(page.getByText('Tick runs to overlay')).toBeVisible();

  await page.getByRole('checkbox', { name: 'Overlay the curves of Wide try' }).check();
  await page.getByRole('checkbox', { name: 'Overlay the curves of Small one' }).check();
  await expect(legend).toHaveText(['Wide try', 'Small one']);
  await expect(page.getByLabel('Loss of the ticked runs')).toBeVisible();
  await screenshot(page, 'runs-overlay');

  await page.reload();
  await openRuns(page);
  await expect(legend).toHaveText(['Wide try', 'Small one']);
  await page.getByRole('checkbox', { name: 'Overlay the curves of Wide try' }).uncheck();
  await expect(legend).toHaveText(['Small one']);
});

test('scatters the runs by accuracy and cost, with the Pareto front and the untested said', async ({
  page,
}) => {
  const untested = {
    ...recordOf({ id: 'run-stopped', model: model('Cut short', 4), name: 'Cut short' }),
    outcome: { kind: 'interrupted' as const },
    test: null,
    confusion: null,
  };
  await openEditor(page);
  await seedRuns(page, [...runs, untested]);
  await page.reload();
  await openRuns(page);
  const front = page.getByTestId('runs-front');
  // Small (30 params, 80%) and Wide (9,000, 92.5%); LeNet first (60, 80%) is beaten by Small.
  await expect(front).toHaveText(
    'Pareto front (most accurate for the parameters): Small one (80.0%, 30) → Wide try (92.5%, 9,000)',
  );
  await expect(page.getByTestId('runs-excluded')).toHaveText(
    '“Cut short” has no test accuracy (the run ended before the test), so it is not on the scatter.',
  );
  await expect(page.getByLabel('Scatter of test accuracy against Parameters')).toBeVisible();
  await screenshot(page, 'runs-scatter');

  await page.getByRole('combobox', { name: /Cost on the scatter/ }).selectOption('Training time');
  await expect(front).toContainText('most accurate for the training time');
  await page.getByRole('searchbox', { name: /Filter runs/ }).fill('lenet');
  await expect(front).toHaveText(
    'Pareto front (most accurate for the training time): LeNet first (80.0%, 0:04)',
  );
  await expect(page.getByTestId('runs-excluded')).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PNG', exact: true }).click();
  const png = await readFile(await (await download).path());
  expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
});

test('diffs two ticked runs: the layers changed and the settings that differ', async ({ page }) => {
  const adam = {
    ...runs[1],
    settings: { ...runs[1].settings, optimizer: { type: 'adam', learningRate: 0.001 } },
  };
  await openEditor(page);
  await seedRuns(page, [runs[0], adam, runs[2]]);
  await page.reload();
  await openRuns(page);
  await expect(page.getByText('Tick two runs to see how')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Overlay the curves of LeNet first' }).check();
  await page.getByRole('checkbox', { name: 'Overlay the curves of Wide try' }).check();
  const diff = page.getByTestId('runs-diff');
  await expect(diff.getByRole('heading', { level: 3 })).toHaveText('From LeNet first to Wide try');
  await expect(diff.getByTestId('diff-changed').locator('tbody tr')).toHaveText([
    'c1 (Conv 2D)Filters616',
  ]);
  await expect(diff.getByTestId('diff-settings').locator('tbody tr')).toHaveText([
    'Optimizersgdadam',
    'Learning rate0.050.001',
    'Momentum0.9—',
    'Nesterovtrue—',
  ]);
  await diff.scrollIntoViewIfNeeded();
  await screenshot(page, 'runs-diff');
  await page.getByRole('checkbox', { name: 'Overlay the curves of Small one' }).check();
  await expect(diff).toHaveCount(0);
  await expect(page.getByText('Tick two runs to see how')).toBeVisible();
});

/** Milliseconds from a click (made in the page) until `done` holds, checked each frame. */
async function timeTo(page: Page, selector: string, done: string): Promise<number> {
  return page.evaluate(
    async ({ selector, done }) => {
      const check = new Function(`return (${done})`) as () => boolean;
      const start = performance.now();
      (document.querySelector(selector) as HTMLElement).click();
      while (!check()) await new Promise((resolve) => requestAnimationFrame(resolve));
      // The frame that shows the change, painted.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      return performance.now() - start;
    },
    { selector, done },
  );
}

test('opens and sorts 500 runs, and reports how long each took', async ({ page }) => {
  const many = Array.from({ length: 500 }, (_, i) => ({
    ...runs[i % runs.length],
    id: `run-${String(i).padStart(3, '0')}`,
    name: `Run ${i}`,
    params: (i * 7919) % 500,
  }));
  await openEditor(page);
  await seedRuns(page, many);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Runs' })).toBeVisible();
  const rows = "document.querySelectorAll('[data-testid=runs-view] tbody tr').length === 500";
  const open = await timeTo(page, '[role=tab]:nth-child(3)', rows);
  await expect(page.getByTestId('runs-view').locator('tbody tr')).toHaveCount(500);
  const sorted =
    "document.querySelector('[data-testid=runs-view] tbody tr .name')?.textContent === 'Run 0'";
  const sort = await timeTo(page, '[data-testid=runs-view] th:nth-child(7) button', sorted);
  await expect(page.getByRole('columnheader', { name: 'Params' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  const report = `500 runs: opened in ${open.toFixed(0)} ms, sorted by params in ${sort.toFixed(0)} ms`;
  test.info().annotations.push({ type: 'timing', description: report });
  console.log(report);
});
