import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutosaveStore } from '../../src/main/autosave';

let folder: string;
beforeEach(async () => {
  folder = join(await mkdtemp(join(tmpdir(), 'cnn-studio-autosave-')), 'autosave');
});
afterEach(() => rm(join(folder, '..'), { recursive: true, force: true }));

describe('AutosaveStore', () => {
  it('offers nothing after a clean exit', async () => {
    const first = await AutosaveStore.open(folder);
    await first.write('document', 'work');
    await first.close();
    expect(await readdir(folder)).toEqual([]);

    const next = await AutosaveStore.open(folder);
    expect(await next.takeRecovered('document')).toBeNull();
  });

  it('offers what a session that did not end cleanly left, once per session', async () => {
    const crashed = await AutosaveStore.open(folder);
    await crashed.write('document', 'v1');
    await crashed.write('document', 'v2');
    await crashed.write('trained', 'weights');

    const next = await AutosaveStore.open(folder);
    expect(await next.takeRecovered('document')).toBe('v2');
    expect(await next.takeRecovered('document')).toBeNull();
    expect(await next.takeRecovered('trained')).toBe('weights');
  });

  it('keeps the recovery through a second crash before the user decides', async () => {
    const crashed = await AutosaveStore.open(folder);
    await crashed.write('document', 'precious');
    await AutosaveStore.open(folder); // crashes again without autosaving anything
    const third = await AutosaveStore.open(folder);
    expect(await third.takeRecovered('document')).toBe('precious');
  });

  it('replaces an older recovery with newer unsaved work', async () => {
    const crashed = await AutosaveStore.open(folder);
    await crashed.write('document', 'old');
    const next = await AutosaveStore.open(folder);
    await next.write('document', 'newer');
    const third = await AutosaveStore.open(folder);
    expect(await third.takeRecovered('document')).toBe('newer');
  });

  it('forgets a discarded slot, so a saved or closed document is not offered', async () => {
    const crashed = await AutosaveStore.open(folder);
    await crashed.write('document', 'saved since');
    await crashed.discard('document');
    const next = await AutosaveStore.open(folder);
    expect(await next.takeRecovered('document')).toBeNull();
  });

  it('keeps writing after a failed write', async () => {
    const store = await AutosaveStore.open(folder);
    await rm(folder, { recursive: true });
    await expect(store.write('document', 'lost')).rejects.toThrow();
    await (await import('node:fs/promises')).mkdir(folder);
    await store.write('document', 'kept');
    expect(await readdir(folder)).toContain('document.cnn.json');
  });

  it('recovers the work of a process killed with SIGKILL', async () => {
    const child = fileURLToPath(new URL('./fixtures/autosaveThenHang.ts', import.meta.url));
    const app = spawn(process.execPath, ['--import', 'tsx', child, folder], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      app.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('autosaved')) resolve();
      });
      app.on('exit', () => reject(new Error('the child ended before autosaving')));
    });
    const killed = new Promise((resolve) => app.on('exit', resolve));
    app.kill('SIGKILL');
    await killed;

    const next = await AutosaveStore.open(folder);
    expect(await next.takeRecovered('document')).toBe('{"name":"unsaved work"}');
    expect(await next.takeRecovered('trained')).toBe('{"name":"trained"}');
  });
});
