// Narrow and wide windows: at 1024×700, 1440×900 and 1920×1080 nothing in the header, the summary
// table, the Train view's panels or the runs table is hidden, cut off by a box that clips it, or
// drawn over another; the charts keep a readable size.

import { expect, test, type Page } from '@playwright/test';
import { openEditor, screenshot } from './editor';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

/**
 * What is wrong with the elements `selector` matches: each one hidden, wider than its own box,
 * or cut off by the window or an ancestor that clips (overflow other than visible, or paint
 * containment). Vertically only a hidden overflow counts: a column that scrolls up and down is
 * meant to.
 */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const name = (element: Element) => {
      const id = element.getAttribute('data-testid') ?? element.getAttribute('aria-label');
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `<${element.tagName.toLowerCase()}${id ? ` ${id}` : ''}> "${text}"`;
    };
    const problems: string[] = [];
    const elements = [...document.querySelectorAll(selector)];
    if (elements.length === 0) problems.push(`nothing matches ${selector}`);
    for (const element of elements) {
      const box = element.getBoundingClientRect();
      if (!element.checkVisibility() || box.width === 0 || box.height === 0) {
        problems.push(`${name(element)} is hidden`);
        continue;
      }
      if (
        !(element instanceof HTMLCanvasElement) &&
        element.scrollWidth > element.clientWidth + 1
      ) {
        problems.push(`${name(element)} is wider than its box`);
      }
      if (box.left < -1 || box.right > window.innerWidth + 1) {
        problems.push(`${name(element)} is cut off by the window`);
      }
      for (let up = element.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        const paints = /paint|content|strict/.test(style.contain);
        const outer = up.getBoundingClientRect();
        if (
          (paints || style.overflowX !== 'visible') &&
          (box.left < outer.left - 1 || box.right > outer.right + 1)
        ) {
          problems.push(`${name(element)} is cut off at the side by ${name(up)}`);
          break;
        }
        if (
          (paints || style.overflowY === 'hidden' || style.overflowY === 'clip') &&
          (box.top < outer.top - 1 || box.bottom > outer.bottom + 1)
        ) {
          problems.push(`${name(element)} is cut off above or below by ${name(up)}`);
          break;
        }
      }
    }
    return problems;
  }, selector);
}

/** Pairs of the elements `selector` matches that are drawn over one another. */
async function overlapping(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const boxes = [...document.querySelectorAll(selector)].map((element) => ({
      text: (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30),
      box: element.getBoundingClientRect(),
    }));
    const pairs: string[] = [];
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart =
          a.box.right <= b.box.left + 0.5 ||
          b.box.right <= a.box.left + 0.5 ||
          a.box.bottom <= b.box.top + 0.5 ||
          b.box.bottom <= a.box.top + 0.5;
        if (!apart) pairs.push(`"${a.text}" and "${b.text}"`);
      }),
    );
    return pairs;
  }, selector);
}

/** The header's parts, each one whole thing a person reads or presses. */
const HEADER = [
  '.product',
  '.build',
  'h1',
  '[role="tab"]',
  'button:not([role="tab"])',
  '.totals dt',
  '.totals dd',
]
  .map((part) => `#app > header ${part}`)
  .join(', ');

async function expectHeaderWhole(page: Page): Promise<void> {
  await expect(page.locator('#app > header .build')).toContainText(/^v\d+\.\d+\.\d+ · web$/);
  expect(await clipped(page, HEADER)).toEqual([]);
  expect(await overlapping(page, HEADER)).toEqual([]);
}

/** Every canvas of a chart at least this many CSS pixels: an axis alone is not a chart. */
async function chartSizes(page: Page): Promise<{ width: number; height: number }[]> {
  return page
    .locator('[data-panel="charts"] canvas')
    .evaluateAll((canvases) =>
      canvases.map((canvas) => ({ width: canvas.clientWidth, height: canvas.clientHeight })),
    );
}

const PANEL_PARTS = ['h2', 'button', 'input', 'select', 'canvas', 'dd', 'th', 'td']
  .map((part) => `.dashboard [data-panel] ${part}`)
  .join(', ');

async function expectTrainViewWhole(page: Page, size: string): Promise<void> {
  await expectHeaderWhole(page);
  // chart.js follows its box a frame after the window changes size.
  await expect
    .poll(async () =>
      (await chartSizes(page)).every(({ width, height }) => width >= 280 && height >= 150),
    )
    .toBe(true);
  expect(await chartSizes(page)).toHaveLength(2);
  expect(await clipped(page, PANEL_PARTS)).toEqual([]);
  await screenshot(page, `window-${size}-train`);
}

for (const { width, height } of SIZES) {
  const size = `${width}x${height}`;

  test(`${size}: the header and the summary of MobileNet-mini, whole`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openEditor(page);
    await page.locator('[data-template="mobilenet-mini"]').click();
    await expect(page.locator('#app > header h1')).toHaveText('MobileNet-mini');
    await expect(page.getByTestId('total-macs')).toHaveText('3,019,680');
    await expectHeaderWhole(page);

    // The summary is the panel's open tab at first.
    await expect(page.getByRole('tab', { name: 'Summary' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const summary = page.locator('#panel-body');
    await expect(summary.getByRole('columnheader', { name: 'RF' })).toBeVisible();
    expect(await clipped(page, '#panel-body th, #panel-body td')).toEqual([]);
    expect(await summary.evaluate((body) => body.scrollWidth <= body.clientWidth)).toBe(true);
    await screenshot(page, `window-${size}-summary`);
  });
}

test('a short training, then its run: whole at every window size', async ({ page }) => {
  // One epoch of MNIST takes seconds alone, and much longer on a machine busy with other work.
  test.setTimeout(180_000);
  const [first, ...others] = SIZES;
  await page.setViewportSize(first);
  await openEditor(page);
  await page.locator('[data-template="lenet5"]').click();
  await page.getByRole('tab', { name: /^Train/ }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByRole('button', { name: '▶ Start' }).click();

  // While it trains: the charts have points, the kernels and maps are drawn.
  await expect
    .poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')))
    .toBeGreaterThan(2);
  await expectTrainViewWhole(page, '1024x700-training');

  await expect(page.getByTestId('progress')).toHaveAttribute('data-phase', 'finished', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  for (const { width, height } of [first, ...others]) {
    await page.setViewportSize({ width, height });
    await expectTrainViewWhole(page, `${width}x${height}-trained`);
  }

  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.locator('.runs tbody tr')).toHaveCount(1);
  for (const { width, height } of [first, ...others]) {
    await page.setViewportSize({ width, height });
    await expectHeaderWhole(page);
    expect(
      await clipped(page, '.runs table th, .runs table td, .runs button, .runs select'),
    ).toEqual([]);
    await screenshot(page, `window-${width}x${height}-runs`);
  }
});
