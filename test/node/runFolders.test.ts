import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/node/atomicWrite';
import { RunFolders, RunStoreError } from '../../src/node/runFolders';
import { RunRecordError } from '../../src/shared/runs/record';
import { model, recordOf } from '../runs/fixtures';

// Runs on disk, a folder each: what is written, what is read back, and what is refused.

let root: string;
beforeEach(async () => {
  root = join(await mkdtemp(join(tmpdir(), 'cnn-studio-runs-')), 'runs');
});
afterEach(() => rm(join(root, '..'), { recursive: true, force: true }));

const trained = { ...model(), weights: { out: { bias: { shape: [4], data: [1, 2, 3, 4] } } } };

describe('RunFolders', () => {
  it('writes a folder per run with its record and model, and lists the records oldest first', async () => {
    const store = new RunFolders(root);
    const late = recordOf({ id: 'run-late', startedAt: '2025-01-03T00:00:00.000Z' });
    const early = recordOf({ id: 'run-early', startedAt: '2025-01-01T00:00:00.000Z' });
    await store.save({ record: late, trained });
    await store.save({ record: early, trained });
    expect((await readdir(root)).sort()).toEqual(['run-early', 'run-late']);
    expect((await readdir(join(root, 'run-late'))).sort()).toEqual(['model.cnn.json', 'run.json']);
    expect(await store.list()).toEqual({ runs: [early, late], problems: [] });
    expect(JSON.parse(await store.trained('run-late'))).toEqual(trained);
  });

  it('lists nothing for a folder that does not exist yet', async () => {
    expect(await new RunFolders(root).list()).toEqual({ runs: [], problems: [] });
  });

  it('reports a corrupt record and lists the others; ignores a folder with no record yet', async () => {
    const store = new RunFolders(root);
    const good = recordOf({ id: 'run-good' });
    await store.save({ record: good, trained });
    await mkdir(join(root, 'run-torn'));
    await writeFile(join(root, 'run-torn', 'run.json'), '{"format":"cnn-studio/run","ver');
    await mkdir(join(root, 'run-moved'));
    await writeFile(
      join(root, 'run-moved', 'run.json'),
      JSON.stringify(recordOf({ id: 'run-other' })),
    );
    await mkdir(join(root, 'run-starting'));
    await writeFile(join(root, 'run-starting', 'model.cnn.json'), '{}');
    await mkdir(join(root, 'not a run'));
    const { runs, problems } = await store.list();
    expect(runs).toEqual([good]);
    expect(problems).toEqual([
      {
        source: join(root, 'run-moved', 'run.json'),
        message: 'id: is "run-other" where "run-moved" was expected',
      },
      {
        source: join(root, 'run-torn', 'run.json'),
        message: expect.stringMatching(/^not valid JSON: /),
      },
    ]);
  });

  it('renames, re-tags and deletes a run', async () => {
    const store = new RunFolders(root);
    await store.save({ record: recordOf({ id: 'run-1' }), trained });
    const labels = { name: ' Baseline ', notes: 'first try', tags: ['lenet', 'mnist'] };
    expect(await store.relabel('run-1', labels)).toMatchObject({
      name: 'Baseline',
      notes: 'first try',
      tags: ['lenet', 'mnist'],
    });
    expect((await store.list()).runs[0]).toMatchObject({
      name: 'Baseline',
      tags: ['lenet', 'mnist'],
    });
    await expect(store.relabel('run-1', { ...labels, tags: ['a', 'a'] })).rejects.toThrow(
      new RunRecordError('tags', 'tags: must not repeat a tag'),
    );
    await store.remove('run-1');
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses ids that would reach outside its folder', async () => {
    const store = new RunFolders(root);
    await expect(store.trained('../../etc')).rejects.toThrow('"../../etc" is not a run id');
    await expect(store.remove('..')).rejects.toThrow(RunStoreError);
  });

  it('says the disk is full in words, and a later save still works', async () => {
    let full = true;
    const store = new RunFolders(root, async (path, data) => {
      if (full)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      await writeFileAtomic(path, data);
    });
    const record = recordOf({ id: 'run-1' });
    await expect(store.save({ record, trained })).rejects.toThrow(
      new RunStoreError('cannot save run "Tiny": the disk is full'),
    );
    full = false;
    await store.save({ record, trained });
    expect(JSON.parse(await readFile(join(root, 'run-1', 'run.json'), 'utf8'))).toEqual(record);
  });

  it('quotes a run’s name in its message bounded and escaped, as it came from a document', async () => {
    const store = new RunFolders(root, async () => {
      throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    });
    const record = recordOf({ id: 'run-2', name: `\x1b[2J${'n'.repeat(1000)}` });
    await expect(store.save({ record, trained })).rejects.toThrow(
      new RunStoreError(`cannot save run "\\u001b[2J${'n'.repeat(36)}…": the disk is full`),
    );
  });
});
