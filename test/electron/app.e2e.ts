// The desktop app end to end: start it, build a small model with the mouse, train it a few steps
// on the worker in the main process, save it through the native Save dialog (answered by a stand-in
// installed in main), import an ONNX file from File ▸ Import…, and quit. Run by scripts/electron-e2e.mjs where an Electron binary exists.

import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNetwork, parseModel } from '../../src/engine';
import { exportOnnx } from '../../src/engine/export';
import { connect, dragLayer, newModel, node, nodeShape, select, SCREENSHOTS } from '../e2e/editor';

const root = fileURLToPath(new URL('../..', import.meta.url));
const profile = mkdtempSync(join(tmpdir(), 'cnn-studio-e2e-'));
let app: ElectronApplication;

test.beforeAll(async () => {
  const binary = process.env.CNN_STUDIO_ELECTRON;
  if (!binary) throw new Error('run through scripts/electron-e2e.mjs, which finds the binary');
  app = await electron.launch({
    executablePath: binary,
    // Chromium refuses to start as root without --no-sandbox (CI containers run as root).
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
    env: { ...process.env, CNN_STUDIO_USER_DATA: join(profile, 'user-data') },
  });
});

test.afterAll(async () => {
  await app?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Clicks a native menu item by its id, as a person choosing it would. */
async function chooseMenu(id: string): Promise<void> {
  await app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`no menu item ${itemId}`);
    item.click();
  }, id);
}

function menuEnabled(id: string): Promise<boolean> {
  return app.evaluate(
    ({ Menu }, itemId) => Menu.getApplicationMenu()?.getMenuItemById(itemId)?.enabled ?? false,
    id,
  );
}

function windowTitle(): Promise<string> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getTitle());
}

test('open, build a small model, train a few steps, save', async () => {
  const page = await app.firstWindow();
  await expect(page.locator('.svelte-flow__node').first()).toBeVisible();
  // The page runs sandboxed: the bridge is there, Node is not.
  expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await page.evaluate(() => Object.keys(window.studio ?? {}).includes('saveFile'))).toBe(
    true,
  );

  await newModel(page);
  await dragLayer(page, 'conv2d', { x: 420, y: 160 });
  await connect(page, 'input', 'conv2d_1');
  await dragLayer(page, 'maxpool2d', { x: 420, y: 300 });
  await connect(page, 'conv2d_1', 'maxpool2d_1');
  await dragLayer(page, 'flatten', { x: 420, y: 440 });
  await connect(page, 'maxpool2d_1', 'flatten_1');
  await dragLayer(page, 'dense', { x: 420, y: 580 });
  await connect(page, 'flatten_1', 'dense_1');
  await select(page, 'dense_1');
  await page.getByLabel('Units', { exact: true }).fill('10');
  await expect(nodeShape(page, 'dense_1')).toHaveText('10');
  await expect(node(page, 'dense_1').getByRole('alert')).toHaveCount(0);
  await expect.poll(windowTitle).toMatch(/•/);

  // Help ▸ Keyboard Shortcuts opens the page's Help there, with the desktop menu's keys too.
  await chooseMenu('show-shortcuts');
  const help = page.getByRole('dialog', { name: 'Help' });
  await expect(help.getByRole('tab', { name: 'Keyboard shortcuts' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(help.getByRole('row', { name: /^New / })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Train from the menu; the worker runs in the main process, which tracks the run's state.
  await chooseMenu('train-start');
  await expect.poll(() => menuEnabled('train-pause')).toBe(true);
  await page.waitForTimeout(2000);
  await chooseMenu('train-stop');
  await expect.poll(() => menuEnabled('train-start')).toBe(true);
  // Main autosaves the model with its trained weights as the page fetches them.
  const trained = join(profile, 'user-data', 'autosave', 'trained.cnn.json');
  await expect.poll(() => existsSync(trained)).toBe(true);
  expect(JSON.parse(readFileSync(trained, 'utf8')).weights).toHaveProperty('conv2d_1');

  // Save through the native dialog, answered by a stand-in installed in main.
  const saved = join(profile, 'small.cnn.json');
  await app.evaluate(({ dialog }, filePath) => {
    dialog.showSaveDialog = async () => ({ canceled: false, filePath });
  }, saved);
  await chooseMenu('save');
  await expect.poll(() => existsSync(saved)).toBe(true);
  const document = JSON.parse(readFileSync(saved, 'utf8'));
  expect(document.format).toBe('cnn-studio/model');
  expect(document.nodes.map((n: { id: string }) => n.id)).toEqual(
    expect.arrayContaining(['input', 'conv2d_1', 'maxpool2d_1', 'flatten_1', 'dense_1']),
  );
  await expect.poll(windowTitle).not.toMatch(/•/);
  await expect.poll(windowTitle).toContain('small.cnn.json');
  await page.screenshot({ path: join(SCREENSHOTS, 'electron-saved.png') });
});

test('File ▸ Import… reads the ONNX file chosen in the native dialog, in pieces, and opens it', async () => {
  const page = await app.firstWindow();
  const path = join(profile, 'LeNet-5.onnx');
  const lenet5: unknown = JSON.parse(readFileSync(join(root, 'examples/lenet5.json'), 'utf8'));
  writeFileSync(path, exportOnnx(createNetwork(parseModel(lenet5), { kernels: 'reference' })));
  await app.evaluate(({ dialog }, filePath) => {
    dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [filePath] });
  }, path);
  await chooseMenu('import');
  await expect(
    page.getByRole('status').filter({ hasText: 'Imported LeNet-5.onnx: 9 layers.' }),
  ).toBeVisible();
  await expect(page.locator('.svelte-flow__node')).toHaveCount(9);
  await expect(page.getByTestId('summary-params')).toHaveText('61,706');
});
