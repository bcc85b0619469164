import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { epochLine, headerLine } from '../../src/cli/train/format';
import { runCli, type Terminal } from '../../src/cli/train/run';
import type { ModelDocument } from '../../src/engine/index';
import { Dashboard } from '../../src/renderer/dashboard/dashboard.svelte';
import { ModelStore } from '../../src/renderer/document/store.svelte';
import { Editor } from '../../src/renderer/editor/editor.svelte';
import type { StudioBackend } from '../../src/shared/backend';
import { nodeWorkerSpawner } from '../../src/worker/node/host';
import { chain } from '../engine/models';

// A model that does not say how to train trains the same in the app (the Train form's settings,
// through the training worker) and in `npm run train` (no flags, the same worker): both start from
// the engine's one table of defaults, so the losses, the weights and the record are the same bits.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cnn-studio-parity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true });
});

/** A small convnet for `side`×`side` images and ten classes. */
function tiny(side: number, training?: Record<string, unknown>): ModelDocument {
  const doc = chain(
    [1, side, side],
    [
      {
        id: 'c1',
        type: 'conv2d',
        params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      },
      { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'gap', type: 'globalavgpool' },
      { id: 'out', type: 'dense', params: { units: 10 } },
    ],
  );
  return training ? { ...doc, training } : doc;
}

/** The document's training record; the app names the run it came from, the CLI keeps none here. */
function record(document: ModelDocument) {
  return { ...document.training, run: undefined };
}

interface Trained {
  /** The header line and the epoch lines, as the CLI prints them. */
  lines: string[];
  document: ModelDocument;
}

const until = (check: () => boolean) =>
  vi.waitFor(() => expect(check()).toBe(true), { timeout: 120_000, interval: 20 });

/** Trains `document` as the Train view does with the form untouched; `stop` ends it at once. */
async function inApp(document: ModelDocument, stop: boolean): Promise<Trained> {
  const backend = { recoverTrainedModel: async () => null } as unknown as StudioBackend;
  const editor = new Editor(new ModelStore(document), backend);
  const dashboard = new Dashboard(backend, editor, nodeWorkerSpawner());
  try {
    dashboard.show('train');
    await dashboard.start();
    if (stop) await dashboard.stop();
    await until(() => editor.model.document.weights !== undefined);
    const loaded = dashboard.session.loaded!;
    const epochs = dashboard.session.history.epochs.map((e) =>
      epochLine({
        type: 'epoch',
        epochs: loaded.settings.epochs,
        test: null,
        confusion: null,
        ...e,
      }),
    );
    return { lines: [headerLine(loaded), ...epochs], document: editor.model.document };
  } finally {
    await dashboard.dispose();
  }
}

/** Trains `document` with `npm run train -- model.json --out trained.json`; `stop` is a Ctrl+C. */
async function inCli(document: ModelDocument, stop: boolean, name: string): Promise<Trained> {
  const model = join(dir, `${name}.json`);
  const out = join(dir, `${name}-trained.json`);
  await writeFile(model, JSON.stringify(document));
  const lines: string[] = [];
  let interrupt: (() => void) | null = null;
  const terminal: Terminal = {
    tty: false,
    line: (text) => {
      lines.push(text);
      // The first progress line comes with the first steps.
      if (stop && /^epoch 1\/1 {2}step /.test(text)) interrupt?.();
    },
    status: () => undefined,
    error: (text) => lines.push(`error: ${text}`),
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => (interrupt = null);
    },
  };
  const code = await runCli([model, '--out', out], terminal);
  expect(code, lines.join('\n')).toBe(stop ? 130 : 0);
  return {
    lines: [lines[0], ...lines.filter((l) => /^epoch \d+\/\d+: /.test(l))],
    document: JSON.parse(await readFile(out, 'utf8')) as ModelDocument,
  };
}

describe('the app and the CLI train a model the same way', () => {
  it('an 8×8 digits model: the same epoch losses, weights and training record', async () => {
    const document = tiny(8, { dataset: 'digits' });
    const app = await inApp(document, false);
    const cli = await inCli(document, false, 'digits');
    // digits' defaults: 30 epochs of Adam at 0.003, batch 32.
    expect(app.lines[0]).toMatch(/; 30 epochs × \d+ steps of 32; adam lr 0\.003; seed 1; /);
    expect(app.lines).toHaveLength(31);
    expect(cli.lines).toEqual(app.lines);
    expect(cli.document.weights).toEqual(app.document.weights);
    expect(record(cli.document)).toEqual(record(app.document));
  });

  it('a model with no training section: MNIST with the same settings, every one', async () => {
    const document = tiny(28);
    const app = await inApp(document, true);
    const cli = await inCli(document, true, 'mnist');
    expect(app.lines[0]).toMatch(
      /; mnist 55000\/5000\/10000 images; 1 epoch × 860 steps of 64; sgd lr 0\.05 cosine \(warm-up 200\); seed 1; /,
    );
    expect(cli.lines[0]).toBe(app.lines[0]);
    // Stopped after a few steps, and not the same few: the settings are what must agree.
    const settings = (d: ModelDocument) => ({ ...record(d), result: undefined });
    expect(settings(cli.document)).toEqual(settings(app.document));
    expect(app.document.training).toMatchObject({
      optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
      normalization: { kind: 'standardize' },
      threads: 2,
    });
  });
});
