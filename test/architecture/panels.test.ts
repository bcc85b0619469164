// Train mode's view panels are handed the stores they read (the session, the kernels, the
// inspector…) by TrainView; none reaches for the whole dashboard, so each can be read, tested and
// moved with only what it uses. The Train panel's controls, the mode switch, the Export menu and the
// Problems list act on the dashboard itself and may ask for it.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DASHBOARD = resolve(import.meta.dirname, '../../src/renderer/dashboard');
const PANEL_FOLDERS = ['charts', 'confusion', 'convolution', 'draw', 'features', 'kernels'];

const components = (folder: string) =>
  readdirSync(join(DASHBOARD, folder))
    .filter((name) => name.endsWith('.svelte'))
    .map((name) => join(DASHBOARD, folder, name));

describe('the dashboard panels', () => {
  it('take their stores as props, not the whole dashboard from context', () => {
    const files = PANEL_FOLDERS.flatMap(components).concat(
      join(DASHBOARD, 'train/Progress.svelte'),
    );
    expect(files.length).toBeGreaterThan(15);
    const reaching = files
      .filter((file) => /\bgetDashboard\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(DASHBOARD, file));
    expect(reaching).toEqual([]);
  });
});
