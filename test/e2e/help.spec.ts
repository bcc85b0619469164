// Help in the web edition: F1, ? and the header's button open it; its pages are a tour, the
// keyboard shortcuts (from the commands table), the panels and the model format; it is a modal
// dialog that keeps the focus, closes on Esc and gives the focus back.

import { expect, test, type Page } from '@playwright/test';
import { openEditor, screenshot } from './editor';

const help = (page: Page) => page.getByRole('dialog', { name: 'Help' });
const tab = (page: Page, name: string) => help(page).getByRole('tab', { name });

/** Whether the focused element is inside Help. */
const focusInHelp = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid="help"]') !== null);

test('F1 opens Help; the shortcut list has Undo’s keys; Tab stays inside; Esc closes and the focus returns', async ({
  page,
}) => {
  await openEditor(page);
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await save.focus();
  await page.keyboard.press('F1');
  await expect(help(page)).toBeVisible();
  await expect(tab(page, 'Getting started')).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, 'Getting started')).toBeFocused();
  await expect(help(page).getByRole('heading', { name: 'Getting started' })).toBeVisible();
  await screenshot(page, 'help-getting-started');

  // Down the list of pages to the shortcuts.
  await page.keyboard.press('ArrowDown');
  await expect(tab(page, 'Keyboard shortcuts')).toHaveAttribute('aria-selected', 'true');
  const list = help(page).getByTestId('shortcut-list');
  const keys = (command: string) =>
    list.getByRole('row', { name: new RegExp(`^${command} `) }).locator('kbd');
  await expect(keys('Undo')).toHaveText(['Ctrl+Z']);
  await expect(keys('Redo')).toHaveText(['Ctrl+Shift+Z', 'Ctrl+Y']);
  await expect(keys('Copy')).toHaveText(['Ctrl+C']);
  await expect(keys('Help')).toHaveText(['F1', '?']);
  // The web edition lists the keys the page answers to: Ctrl+N is the browser's.
  await expect(list.getByRole('row', { name: /^New / })).toHaveCount(0);
  await screenshot(page, 'help-shortcuts');

  // The window behind is inert: Tab goes round Help's own controls, and no key edits the model.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInHelp(page)).toBe(true);
  }
  await page.keyboard.press('Delete');
  await expect(page.locator('.svelte-flow__node')).toHaveCount(9);

  await page.keyboard.press('Escape');
  await expect(help(page)).toHaveCount(0);
  await expect(save).toBeFocused();
});

test('? opens Help from the canvas but types in a field; the ? button opens it too', async ({
  page,
}) => {
  await openEditor(page);
  const search = page.getByRole('searchbox', { name: 'Search layers' });
  await search.fill('conv');
  await search.press('Shift+?');
  await expect(search).toHaveValue('conv?');
  await expect(help(page)).toHaveCount(0);

  await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+?');
  await expect(help(page)).toBeVisible();
  await help(page).getByRole('button', { name: 'Close' }).click();
  await expect(help(page)).toHaveCount(0);

  const button = page.getByRole('button', { name: 'Help', exact: true });
  await expect(button).toHaveAttribute('title', 'Help (F1)');
  await button.click();
  await expect(help(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
});

test('Help ▸ Panels names every panel of the Train view; Model format keeps its contents list', async ({
  page,
}) => {
  await openEditor(page);
  await page.getByRole('tab', { name: /^Train/ }).click();
  // The panels' titles as shown ("Feature maps of test image #0" is the Feature maps panel).
  const titles = (await page.locator('.dashboard [data-panel] > header h2').allTextContents()).map(
    (title) => title.replace(/ of .*$/, ''),
  );
  expect(titles).toHaveLength(7);
  await page.keyboard.press('F1');
  await tab(page, 'Panels').click();
  const panels = help(page).getByRole('tabpanel');
  for (const title of titles) {
    await expect(panels.locator('li > strong', { hasText: new RegExp(`^${title}$`) })).toHaveCount(
      1,
    );
  }
  for (const view of ['Design', 'Train', 'Runs']) {
    await expect(panels.getByRole('heading', { name: view, exact: true })).toBeVisible();
  }
  await screenshot(page, 'help-panels');

  await tab(page, 'Model format').click();
  await expect(panels.getByRole('heading', { name: /model format/ }).first()).toBeVisible();
  await help(page).getByRole('button', { name: 'Multiply-accumulates' }).click();
  await expect(help(page).locator('#multiply-accumulates')).toBeInViewport();
  // The engine's API is for developers; Help is for the people using the app.
  await expect(help(page).getByRole('button', { name: /Engine API/ })).toHaveCount(0);
  await screenshot(page, 'help-model-format');
});
