import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../engine';
import type { RunEvent } from '../../shared/runs/keeper';
import {
  readRunTexts,
  recordText,
  relabelRecord,
  type RunLabels,
  type RunRecord,
} from '../../shared/runs/record';
import { epoch, finished, loaded, model, recordOf } from '../../../test/runs/fixtures';
import { hostMessage, RunLibrary, type RunBackend } from './library.svelte';

// The page's runs over a backend kept in memory, with a stand-in for the training client.

function memoryBackend(options: { failSaves?: () => string | null } = {}) {
  const records = new Map<string, string>();
  const models = new Map<string, string>();
  const backend: RunBackend = {
    async saveRun(record, trained) {
      const failure = options.failSaves?.();
      if (failure) throw new Error(failure);
      records.set(record.id, recordText(record));
      models.set(record.id, trained);
    },
    listRuns: async () =>
      readRunTexts([...records].map(([id, text]) => ({ source: `run ${id}`, id, text }))),
    async runModel(id) {
      const text = models.get(id);
      if (text === undefined)
        throw new Error(`cannot read the model of run ${id}: it is not there`);
      return text;
    },
    async relabelRun(id, labels: RunLabels) {
      const record = relabelRecord(JSON.parse(records.get(id)!) as RunRecord, labels);
      records.set(id, recordText(record));
      return record;
    },
    async deleteRun(id) {
      records.delete(id);
      models.delete(id);
    },
  };
  return { backend, records, models };
}

function client() {
  const listeners = new Set<(event: RunEvent) => void>();
  return {
    source: {
      subscribe(listener: (event: RunEvent) => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      weights: async (): Promise<ModelDocument> => model(),
    },
    emit(event: RunEvent) {
      for (const listener of [...listeners]) listener(event);
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const startedAt = () => new Date('2025-01-02T10:30:00.000Z');

describe('RunLibrary', () => {
  it('records a run it is told of, shows it as it is saved, and lets it go when it ends', async () => {
    const { backend, records, models } = memoryBackend();
    const notices: string[] = [];
    const library = new RunLibrary(backend, (text) => notices.push(text), startedAt);
    const { source, emit } = client();
    library.begin({ document: model('Mine'), loaded: loaded(), source });
    expect(library.live).toMatch(/^20250102-103000-[0-9a-f]{6}$/);
    await settle();
    expect(library.runs.map((r) => [r.name, r.outcome.kind])).toEqual([['Mine', 'interrupted']]);
    emit(epoch(1));
    emit(epoch(2));
    emit(finished());
    await settle();
    await settle();
    expect(library.live).toBeNull();
    expect(library.latest).toBe(library.runs[0].id);
    expect(library.runs.map((r) => r.outcome.kind)).toEqual(['finished']);
    expect(JSON.parse(records.get(library.runs[0].id)!).outcome).toEqual({ kind: 'finished' });
    expect(JSON.parse(models.get(library.runs[0].id)!).training).toEqual({
      run: library.runs[0].id,
    });
    expect(notices).toEqual([]);
  });

  it('says a save failed, in the host’s words, and keeps training', async () => {
    const { backend } = memoryBackend({
      failSaves: () =>
        'Error invoking remote method \'studio:save-run\': RunStoreError: cannot save run "Tiny": the disk is full',
    });
    const notices: string[] = [];
    const library = new RunLibrary(backend, (text) => notices.push(text), startedAt);
    library.begin({ document: model(), loaded: loaded(), ...client() });
    await settle();
    expect(notices).toEqual([
      'The run could not be saved: cannot save run "Tiny": the disk is full. Training goes on.',
    ]);
  });

  it('reads the kept runs once, reporting a corrupt record and listing the rest', async () => {
    const { backend, records } = memoryBackend();
    records.set('run-a', recordText(recordOf({ id: 'run-a' })));
    records.set('run-b', '{"format":"cnn-studio/run","version":1}');
    const notices: string[] = [];
    const library = new RunLibrary(backend, (text) => notices.push(text));
    await Promise.all([library.load(), library.load()]);
    expect(library.ready).toBe(true);
    expect(library.runs.map((r) => r.id)).toEqual(['run-a']);
    expect(library.problems).toEqual([{ source: 'run run-b', message: 'id: is required' }]);
    expect(notices).toEqual([
      'A run record could not be read and was skipped: run run-b: id: is required',
    ]);
  });

  it('renames a kept run and the one training; refuses to delete the one training', async () => {
    const { backend, records } = memoryBackend();
    records.set('run-a', recordText(recordOf({ id: 'run-a' })));
    const notices: string[] = [];
    const library = new RunLibrary(backend, (text) => notices.push(text), startedAt);
    await library.load();
    const labels = { name: 'Baseline', notes: '', tags: ['lenet'] };
    expect(await library.relabel('run-a', labels)).toBe(true);
    expect(JSON.parse(records.get('run-a')!).name).toBe('Baseline');

    library.begin({ document: model(), loaded: loaded(), ...client() });
    await settle();
    const live = library.live!;
    expect(await library.relabel(live, { name: 'Live', notes: 'wide', tags: [] })).toBe(true);
    await settle();
    expect(JSON.parse(records.get(live)!)).toMatchObject({ name: 'Live', notes: 'wide' });
    expect(await library.relabel(live, { name: ' ', notes: '', tags: [] })).toBe(false);
    await library.remove(live);
    expect(notices).toEqual([
      "Could not save the run's name, tags and notes: name: must not be empty",
      'The run is still training: stop it first.',
    ]);
    await library.remove('run-a');
    expect(library.runs.map((r) => r.name)).toEqual(['Live']);
    expect(records.has('run-a')).toBe(false);
  });

  it("hands over a run's model text, or says why it cannot", async () => {
    const { backend, models } = memoryBackend();
    models.set('run-a', '{"format":"cnn-studio/model"}');
    const notices: string[] = [];
    const library = new RunLibrary(backend, (text) => notices.push(text));
    expect(await library.modelText('run-a')).toBe('{"format":"cnn-studio/model"}');
    expect(await library.modelText('run-b')).toBeNull();
    expect(notices).toEqual([
      "Could not open the run's model: cannot read the model of run run-b: it is not there",
    ]);
  });

  it('takes what Electron wraps around a host error away', () => {
    expect(
      hostMessage(new Error("Error invoking remote method 'studio:list-runs': Error: nope")),
    ).toBe('nope');
    expect(hostMessage(new Error('plain'))).toBe('plain');
  });
});
