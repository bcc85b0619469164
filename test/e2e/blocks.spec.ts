// Blocks: a template of 43 layers opens as 13 cards; a block expands to its layers in a frame and
// collapses back, undoably; layers chosen on the canvas become a block (or are refused in words);
// Repeat ×3 adds two copies whose layers share their settings; blocks survive save and open.

import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { inspectModel, type ModelDocument } from '../../src/engine';
import { blockFigures } from '../../src/renderer/blocks/figures';
import { formatCompact, formatCount } from '../../src/renderer/format';
import { node, openEditor, screenshot, totalParams } from './editor';

const cards = (page: Page) => page.locator('.svelte-flow__node:not(.svelte-flow__node-frame)');
const card = (page: Page, block: string) => node(page, `block:${block}`);

async function template(page: Page, id: string): Promise<void> {
  await page.locator(`[data-template="${id}"]`).click();
}

async function mobilenet(): Promise<ModelDocument> {
  return JSON.parse(await readFile('examples/mobilenet-mini.json', 'utf8')) as ModelDocument;
}

async function save(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const file = await download;
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

test('MobileNet-mini opens as 13 cards, its blocks’ figures on them; expand, collapse, undo, redo', async ({
  page,
}) => {
  await openEditor(page);
  await template(page, 'mobilenet-mini');
  await expect(cards(page)).toHaveCount(13);
  const doc = await mobilenet();
  const ir1 = doc.nodes.filter((n) => n.id.startsWith('ir1_')).map((n) => n.id);
  const figures = blockFigures(inspectModel(doc), ir1, 'ir1_project_bn');
  // Expand 16·64, depthwise 64·9, project 64·24 (no biases beside batch norm), three batch
  // norms' γ and β (64, 64, 24 channels).
  expect(figures.params).toBe(1024 + 576 + 1536 + 2 * (64 + 64 + 24));
  const ir1Card = card(page, 'ir1');
  await expect(ir1Card.locator('.name')).toHaveText('Inverted residual 1');
  await expect(ir1Card.getByTestId('shape')).toHaveText('24×14×14');
  await expect(ir1Card.getByTestId('block-costs')).toHaveText(
    `${formatCompact(figures.params!)} params · ${formatCompact(figures.macs!)} MACs · RF 7×7`,
  );
  await expect(ir1Card).toContainText('8 layers');

  await ir1Card.getByRole('button', { name: 'Expand Inverted residual 1' }).click();
  await expect(cards(page)).toHaveCount(13 - 1 + 8);
  await expect(page.locator('.svelte-flow__node-frame')).toHaveCount(1);
  await expect(node(page, 'ir1_dw')).toBeVisible();
  await screenshot(page, 'blocks-expanded');
  await page.getByRole('button', { name: 'Collapse Inverted residual 1' }).click();
  await expect(cards(page)).toHaveCount(13);
  await expect(page.locator('.svelte-flow__node-frame')).toHaveCount(0);

  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(cards(page)).toHaveCount(20);
  await page.keyboard.press('Control+Shift+z');
  await expect(cards(page)).toHaveCount(13);
});

test('a layer hidden in a collapsed block, chosen in the summary, is shown by its card, selected: nothing is edited', async ({
  page,
}) => {
  await openEditor(page);
  await template(page, 'mobilenet-mini');
  await expect(node(page, 'ir3_dw')).toHaveCount(0);
  await page
    .getByRole('tabpanel')
    .getByRole('row', { name: /^ir3_dw conv2d/ })
    .click();
  await expect(card(page, 'ir3')).toBeInViewport();
  await expect(card(page, 'ir3').locator('article')).toHaveClass(/selected/);
  await expect(node(page, 'ir3_dw')).toHaveCount(0);
  await expect(cards(page)).toHaveCount(13);
  // Looking edited nothing: the template is as it opened.
  await expect(page.locator('header h1 .dirty')).toHaveCount(0);
});

test('layers chosen on the canvas become a block, or are refused in words; the block survives save and open', async ({
  page,
}) => {
  await openEditor(page);
  await template(page, 'lenet5');
  await expect(cards(page)).toHaveCount(9);
  await node(page, 'c1').locator('article').click();
  await node(page, 'c2')
    .locator('article')
    .click({ modifiers: ['Control'] });
  await expect(page.getByRole('heading', { name: '2 layers selected' })).toBeVisible();
  await expect(page.getByRole('note')).toHaveText(
    'The selection takes 2 inputs (from "in" and "p1"); a block takes one.',
  );
  await expect(page.getByRole('button', { name: 'Make block' })).toBeDisabled();

  await node(page, 'p1')
    .locator('article')
    .click({ modifiers: ['Control'] });
  await node(page, 'c2')
    .locator('article')
    .click({ modifiers: ['Control'] });
  await expect(page.getByRole('button', { name: 'Make block' })).toBeEnabled();
  await page.keyboard.press('Control+g');
  await expect(cards(page)).toHaveCount(8);
  const block = card(page, 'block_1');
  await expect(block.getByTestId('shape')).toHaveText('6×14×14');
  await expect(block.getByTestId('block-costs')).toHaveText('156 params · 118 k MACs · RF 6×6');
  // The new block stays selected: the inspector is the block's.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Block 1');
  await page.getByLabel('Name', { exact: true }).fill('Feature extractor');
  await page.getByLabel('Name', { exact: true }).press('Enter');
  await expect(block.locator('.name')).toHaveText('Feature extractor');
  // The card and the layer after it have one input and one output, but the card's layers are in
  // a block already: Make block is refused before it is tried.
  await block.locator('.name').click();
  await node(page, 'c2')
    .locator('article')
    .click({ modifiers: ['Control'] });
  await expect(page.getByRole('note')).toHaveText(
    '"c1" is already in the block "Feature extractor"; a layer is in one block at most.',
  );
  await expect(page.getByRole('button', { name: 'Make block' })).toBeDisabled();

  const path = await save(page);
  const saved = JSON.parse(await readFile(path, 'utf8')) as ModelDocument;
  const yOf = (id: string) => saved.nodes.find((n) => n.id === id)!.position!.y;
  expect(saved.meta!.blocks).toEqual({
    version: 1,
    blocks: [
      {
        id: 'block_1',
        name: 'Feature extractor',
        colour: 'blue',
        layers: ['c1', 'p1'],
        collapsed: true,
        // What follows moved up by the room its layers took.
        shift: yOf('p1') - yOf('c1'),
      },
    ],
  });
  // The engine's graph stays flat: every layer and edge is there as before.
  expect(saved.nodes).toHaveLength(9);
  expect(saved.edges).toHaveLength(8);

  await template(page, 'mlp');
  await expect(card(page, 'block_1')).toHaveCount(0);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(path);
  await expect(cards(page)).toHaveCount(8);
  await expect(card(page, 'block_1').locator('.name')).toHaveText('Feature extractor');
});

test('Repeat ×3 adds two copies with their own weights; a setting edited in a copy changes all three', async ({
  page,
}) => {
  await openEditor(page);
  await template(page, 'mobilenet-mini');
  await expect(cards(page)).toHaveCount(13);
  const before = Number((await totalParams(page).textContent())!.replace(/\D/g, ''));
  await card(page, 'ir2').locator('.name').click();
  await expect(page.getByRole('heading', { name: /Inverted residual 2/ })).toBeVisible();
  // A cleared count is no count: the hint says what Repeat takes.
  await page.getByLabel('Repeat ×').fill('');
  await expect(page.locator('.repeat + .hint')).toHaveText(
    'Repeat takes a whole number of times from 2 to 32.',
  );
  await expect(page.getByRole('button', { name: 'Repeat', exact: true })).toBeDisabled();
  await page.getByLabel('Repeat ×').fill('3');
  await expect(page.locator('.repeat + .hint')).toHaveText(
    'The block 3 times in a row: each copy has its own weights.',
  );
  await page.getByRole('button', { name: 'Repeat', exact: true }).click();
  await expect(cards(page)).toHaveCount(15);
  await expect(card(page, 'ir2_2').locator('.name')).toHaveText('Inverted residual 2 (2 of 3)');
  await expect(card(page, 'ir2_3')).toContainText('copy of Inverted residual 2');
  const ir2 = (await mobilenet()).nodes.filter((n) => n.id.startsWith('ir2_')).map((n) => n.id);
  const { params } = blockFigures(inspectModel(await mobilenet()), ir2, 'ir2_add');
  await expect(totalParams(page)).toHaveText(formatCount(before + 2 * params!));
  await expect(page.locator('.inspector')).toContainText(
    'Repeated 3 times: its layers share their settings with the same layers of the other 2 copies',
  );

  await screenshot(page, 'blocks-repeat-inspector');

  // Edit the depthwise convolution of the second copy: every copy's and the definition's change.
  await card(page, 'ir2_2')
    .getByRole('button', { name: /^Expand/ })
    .click();
  // Chosen in the summary, which brings the card into view: expanded, the copy's layers reach
  // below the canvas's edge, where a click on the card would land on whatever covers it.
  await page
    .getByRole('tabpanel')
    .getByRole('row', { name: /^ir2_dw_2 conv2d/ })
    .click();
  await expect(node(page, 'ir2_dw_2')).toBeInViewport();
  await expect(node(page, 'ir2_dw_2').locator('article')).toHaveClass(/selected/);
  await expect(page.locator('.inspector [role="note"]')).toHaveText(
    'In Inverted residual 2 (2 of 3), repeated 3 times: a setting changed here changes the same layer in every copy (ir2_dw, ir2_dw_3).',
  );
  await page.getByLabel(/bias/i).check();
  await screenshot(page, 'blocks-shared-setting');
  await expect(totalParams(page)).toHaveText(formatCount(before + 2 * params! + 3 * 96));
  await page.keyboard.press('Escape');
  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(totalParams(page)).toHaveText(formatCount(before + 2 * params!));
});

test('a collapsed card dragged takes its layers along: expanded, they are where it went', async ({
  page,
}) => {
  await openEditor(page);
  await template(page, 'convnext-mini');
  const title = card(page, 's1b1').locator('header');
  const before = (await title.boundingBox())!;
  await page.mouse.move(before.x + 20, before.y + 8);
  await page.mouse.down();
  await page.mouse.move(before.x + 320, before.y + 8, { steps: 8 });
  await page.mouse.up();
  // The library starts the drag a few pixels in, so the card trails the pointer.
  const after = (await title.boundingBox())!;
  expect(after.x - before.x).toBeGreaterThan(240);
  const moved = (await card(page, 's1b1').boundingBox())!;
  await card(page, 's1b1')
    .getByRole('button', { name: /^Expand/ })
    .click();
  // The card stood in line with its exit, the add: the add is there now.
  const exit = (await node(page, 's1b1_add').boundingBox())!;
  expect(Math.abs(exit.x - moved.x)).toBeLessThan(2);
  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => Math.round((await title.boundingBox())!.x - before.x)).toBe(0);
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
  [1920, 1080],
]) {
  for (const id of ['mobilenet-mini', 'efficientnet-mini']) {
    test(`${id} at ${width}×${height}`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await openEditor(page);
      await template(page, id);
      await expect(card(page, id === 'mobilenet-mini' ? 'ir1' : 'mb1')).toBeVisible();
      await screenshot(page, `blocks-${id}-${width}x${height}`);
    });
  }
}
