import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_RECENT,
  RecentFiles,
  recentLabel,
  withoutRecent,
  withRecent,
} from '../../src/main/recentFiles';

describe('the recent list', () => {
  it('puts the newest first, once', () => {
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    expect(withRecent([], '/a')).toEqual(['/a']);
  });

  it(`keeps at most ${MAX_RECENT}`, () => {
    const many = Array.from({ length: MAX_RECENT }, (_, i) => `/${i}`);
    const list = withRecent(many, '/new');
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toBe('/new');
    expect(list).not.toContain(`/${MAX_RECENT - 1}`);
  });

  it('drops a file', () => {
    expect(withoutRecent(['/a', '/b'], '/a')).toEqual(['/b']);
  });

  it('labels a file by name, then folder, with the home folder as ~', () => {
    const home = join(sep, 'home', 'ada');
    expect(recentLabel(join(home, 'models', 'LeNet-5.cnn.json'), home)).toBe(
      `LeNet-5.cnn.json — ~${sep}models`,
    );
    expect(recentLabel(join(home, 'a.json'), home)).toBe('a.json — ~');
    expect(recentLabel(join(sep, 'srv', 'b.json'), home)).toBe(`b.json — ${join(sep, 'srv')}`);
  });
});

describe('RecentFiles', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cnn-studio-recent-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('persists every change, in order', async () => {
    const file = join(folder, 'recent-files.json');
    const recent = new RecentFiles(file, vi.fn());
    expect(await recent.load()).toEqual([]);
    recent.add('/models/a.cnn.json');
    recent.add('/models/b.cnn.json');
    recent.add('/models/a.cnn.json');
    recent.remove('/models/b.cnn.json');
    await recent.flushed();
    expect(await new RecentFiles(file, vi.fn()).load()).toEqual(['/models/a.cnn.json']);
    recent.clear();
    await recent.flushed();
    expect(await new RecentFiles(file, vi.fn()).load()).toEqual([]);
  });
});
