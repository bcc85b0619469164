// File ▸ Import… and a dropped file, short of the browser: the worker's steps (runImport) on real
// ONNX files, the importer's progress and its ending (done, failed, cancelled), and what the
// editor then shows.
import { describe, expect, it } from 'vitest';
import { ImportError, MAX_ONNX_BYTES, parseModel, type ModelDocument } from '../../engine';
import { exportOnnx } from '../../engine/export';
import type { StudioBackend } from '../../shared/backend';
import { readModel } from '../document/open';
import { ModelStore } from '../document/store.svelte';
import { Editor } from '../editor/editor.svelte';
import { blankTemplate, lenet5Template } from '../templates/templates';
import { ModelImporter, type ImportWorker } from './importer.svelte';
import { importFailure, type ImportedModel, type ImportFailure } from './importModel';
import type { ImportReply, ImportRequest } from './protocol';
import { runImport } from './runImport';

function opened(json: unknown): ModelDocument {
  const result = readModel(json);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.document;
}

// A fresh ArrayBuffer of its own, as a Blob part must be.
const lenetOnnx = () =>
  new Uint8Array(exportOnnx(parseModel(opened(lenet5Template.json)))) as Uint8Array<ArrayBuffer>;

/** A worker the test drives: it keeps the request and says what it is sent. */
class HeldWorker {
  request: ImportRequest | null = null;
  terminated = false;
  onmessage: ((event: MessageEvent<ImportReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  transfer: Transferable[] = [];
  postMessage(request: ImportRequest, transfer: Transferable[] = []) {
    this.request = request;
    this.transfer = transfer;
  }
  terminate() {
    this.terminated = true;
  }
  send(reply: ImportReply) {
    this.onmessage?.({ data: reply } as MessageEvent<ImportReply>);
  }
}

/** A worker that runs the real import steps, its replies cloned as postMessage would. */
class RunningWorker extends HeldWorker {
  replies: ImportReply[] = [];
  override postMessage(request: ImportRequest) {
    void runImport(request, (reply, transfer) => {
      if (this.terminated) return;
      const copy = structuredClone(reply, { transfer });
      this.replies.push(copy);
      this.send(copy);
    });
  }
}

function recorder() {
  const imported: [string, ImportedModel][] = [];
  const failed: [string, ImportFailure][] = [];
  return {
    imported,
    failed,
    outcome: {
      imported: (name: string, model: ImportedModel) => imported.push([name, model]),
      failed: (name: string, failure: ImportFailure) => failed.push([name, failure]),
    },
  };
}

function held() {
  const workers: HeldWorker[] = [];
  const factory = (() => {
    const worker = new HeldWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  }) satisfies ImportWorker;
  return { workers, factory };
}

async function posted(request: ImportRequest): Promise<ImportReply[]> {
  const replies: ImportReply[] = [];
  await runImport(request, (reply) => replies.push(reply));
  return replies;
}

describe('the import worker', () => {
  it('reads the file, maps, checks and lays out our own ONNX export of LeNet-5', async () => {
    const bytes = lenetOnnx();
    const replies = await posted({ name: 'LeNet.onnx', file: new Blob([bytes]) });
    const stages = replies.flatMap((r) => (r.type === 'progress' ? [r.stage] : []));
    expect(stages[0]).toBe('reading');
    expect(stages.slice(-3)).toEqual(['mapping', 'checking', 'laying out']);
    const done = replies.at(-1)!;
    if (done.type !== 'done') throw new Error(`not imported: ${JSON.stringify(done)}`);
    const lenet = opened(lenet5Template.json);
    expect(done.document.nodes.map((n) => n.type)).toEqual(lenet.nodes.map((n) => n.type));
    expect(done.document.nodes.every((n) => n.position)).toBe(true);
    expect(Object.keys(done.document.weights ?? {}).sort()).toEqual([
      'c1',
      'c2',
      'f1',
      'f2',
      'out',
    ]);
    expect(done.report[0]).toMatch(/^ONNX opset 13/);
  });

  it('joins the pieces the host handed over into the file they were', async () => {
    const bytes = lenetOnnx();
    const half = Math.floor(bytes.length / 2);
    const replies = await posted({
      name: 'LeNet.onnx',
      chunks: [bytes.slice(0, half), bytes.slice(half)],
    });
    const stages = replies.flatMap((r) => (r.type === 'progress' ? [r.stage] : []));
    expect(stages).toEqual(['mapping', 'checking', 'laying out']);
    expect(replies.at(-1)?.type).toBe('done');
  });

  it('says in one line why a file is not ONNX', async () => {
    const garbage = new Blob([Uint8Array.from({ length: 512 }, (_, i) => (i * 31 + 7) % 256)]);
    const replies = await posted({ name: 'x.onnx', file: garbage });
    const last = replies.at(-1)!;
    expect(last.type).toBe('failed');
    if (last.type !== 'failed') return;
    expect(last.message).toMatch(/^Not an ONNX model: the file is truncated or is not protobuf/);
    expect(last.details).toEqual([]);
  });

  it('refuses a file over 2 GB by its size, before reading it', async () => {
    const huge = { size: MAX_ONNX_BYTES + 1 } as Blob;
    expect(await posted({ name: 'big.onnx', file: huge })).toEqual([
      {
        type: 'failed',
        message: expect.stringMatching(/^The file is 2\.1 GB: an ONNX file holds at most 2 GB/),
        details: [],
      },
    ]);
  });
});

describe('import failures', () => {
  it('are the first line of the refusal, with the unmapped nodes under it', () => {
    const error = new ImportError([
      { message: '2 ONNX nodes cannot be mapped to CNN Studio layers:' },
      {
        node: '/up/Resize',
        op: 'Resize',
        message: '  "/up/Resize" (Resize): CNN Studio has no layer for Resize.',
      },
      {
        node: '/Einsum',
        op: 'Einsum',
        message: '  "/Einsum" (Einsum): CNN Studio has no layer for Einsum.',
      },
    ]);
    expect(importFailure(error)).toEqual({
      message: '2 ONNX nodes cannot be mapped to CNN Studio layers:',
      details: [
        '"/up/Resize" (Resize): CNN Studio has no layer for Resize.',
        '"/Einsum" (Einsum): CNN Studio has no layer for Einsum.',
      ],
    });
  });
});

describe('the importer', () => {
  it('shows each stage while the worker works, and hands over the model when it is done', async () => {
    const { workers, factory } = held();
    const { imported, outcome } = recorder();
    const importer = new ModelImporter(outcome, factory);
    const file = new File([lenetOnnx()], 'LeNet.onnx');
    const done = importer.importFile(file);
    expect(importer.progress).toEqual({ name: 'LeNet.onnx', stage: 'reading', fraction: 0 });
    const [worker] = workers;
    expect(worker.request).toEqual({ name: 'LeNet.onnx', file });
    worker.send({ type: 'progress', stage: 'reading', fraction: 0.5 });
    expect(importer.progress).toEqual({ name: 'LeNet.onnx', stage: 'reading', fraction: 0.5 });
    worker.send({ type: 'progress', stage: 'checking', fraction: null });
    expect(importer.progress?.stage).toBe('checking');
    const model = { document: opened(blankTemplate.json), report: ['ONNX opset 13.'] };
    worker.send({ type: 'done', ...model });
    await done;
    expect(imported).toEqual([['LeNet.onnx', model]]);
    expect(importer.progress).toBeNull();
    expect(worker.terminated).toBe(true);
  });

  it('takes one import at a time, and only ONNX files', async () => {
    const { workers, factory } = held();
    const { failed, outcome } = recorder();
    const importer = new ModelImporter(outcome, factory);
    void importer.importFile(new File([lenetOnnx()], 'a.onnx'));
    await importer.importFile(new File([lenetOnnx()], 'b.onnx'));
    await importer.importFile(new File(['{}'], 'c.cnn.json'));
    expect(workers).toHaveLength(1);
    expect(failed).toEqual([
      ['b.onnx', { message: 'a.onnx is still being imported.', details: [] }],
      ['c.cnn.json', { message: 'Only ONNX files (.onnx) can be imported.', details: [] }],
    ]);
  });

  it('stops at Cancel: the worker ends, and nothing is opened or said', async () => {
    const { workers, factory } = held();
    const { imported, failed, outcome } = recorder();
    const importer = new ModelImporter(outcome, factory);
    const done = importer.importFile(new File([lenetOnnx()], 'a.onnx'));
    importer.cancel();
    await done;
    expect(importer.progress).toBeNull();
    expect(workers[0].terminated).toBe(true);
    expect([imported, failed]).toEqual([[], []]);
    // The next import starts afresh.
    void importer.importFile(new File([lenetOnnx()], 'b.onnx'));
    expect(importer.progress?.name).toBe('b.onnx');
  });

  it('reads a file the host chose piece by piece, saying how far, then converts what it read', async () => {
    const bytes = lenetOnnx();
    const { workers, factory } = held();
    const importer = new ModelImporter(recorder().outcome, factory);
    const offsets: number[] = [];
    const fractions: (number | null)[] = [];
    const piece = Math.ceil(bytes.length / 4);
    const done = importer.importChosen(
      { handle: 1, name: 'LeNet.onnx', size: bytes.length },
      async (offset) => {
        offsets.push(offset);
        fractions.push(importer.progress!.fraction);
        return bytes.slice(offset, offset + piece);
      },
    );
    await waitFor(() => workers.length === 1);
    expect(offsets).toEqual([0, piece, 2 * piece, 3 * piece]);
    expect(fractions).toEqual([0, 0.25, 0.5, 0.75].map((f) => expect.closeTo(f, 2)));
    const sent = workers[0].request!;
    if (!('chunks' in sent)) throw new Error('the pieces were not sent as they were read');
    expect(sent.chunks.map((c) => c.length)).toEqual([
      piece,
      piece,
      piece,
      bytes.length - 3 * piece,
    ]);
    // Compared as bytes: a deep equal of 250,000 numbers takes seconds.
    expect(Buffer.concat(sent.chunks).equals(Buffer.from(bytes))).toBe(true);
    // Their memory moves to the worker rather than being copied.
    expect(workers[0].transfer).toEqual(sent.chunks.map((c) => c.buffer));
    importer.cancel();
    await done;
  });

  it('refuses a chosen file over 2 GB without reading any of it', async () => {
    const { failed, outcome } = recorder();
    const importer = new ModelImporter(outcome, held().factory);
    let reads = 0;
    await importer.importChosen(
      { handle: 1, name: 'big.onnx', size: MAX_ONNX_BYTES + 1 },
      async () => {
        reads += 1;
        return new Uint8Array(0);
      },
    );
    expect(reads).toBe(0);
    expect(failed[0][1].message).toMatch(/^The file is 2\.1 GB/);
  });
});

describe('the editor importing', () => {
  function editor() {
    const workers: RunningWorker[] = [];
    const factory = () => {
      const worker = new RunningWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    };
    const backend = {} as StudioBackend;
    return new Editor(new ModelStore(opened(blankTemplate.json)), backend, factory);
  }

  it('opens the model laid out, says what was mapped, and Undo brings the old one back', async () => {
    const e = editor();
    const before = e.model.document;
    await e.importFile(new File([lenetOnnx()], 'LeNet.onnx'));
    const doc = e.model.document;
    expect(doc.nodes.map((n) => n.id)).toEqual(opened(lenet5Template.json).nodes.map((n) => n.id));
    expect(doc.nodes.every((n) => n.position)).toBe(true);
    expect(e.model.inspection.valid).toBe(true);
    const [notice] = e.notices.items;
    expect(notice.text).toBe(`Imported LeNet.onnx: ${doc.nodes.length} layers.`);
    expect(notice.tone).toBe('info');
    expect(notice.details[0]).toMatch(/^ONNX opset 13, written by CNN Studio/);
    e.undo();
    expect(e.model.document).toBe(before);
  });

  it('keeps the document it has when the file is not a model, and says why in one line', async () => {
    const e = editor();
    const before = e.model.document;
    await e.importFile(new File(['not a model'], 'notes.onnx'));
    expect(e.model.document).toBe(before);
    const [notice] = e.notices.items;
    expect(notice.tone).toBe('problem');
    expect(notice.text).toMatch(/^notes\.onnx was not imported\. Not an ONNX model: /);
    expect(notice.text).not.toContain('\n');
  });
});

/** Waits (microtasks and timers) until `ready` holds. */
async function waitFor(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ready()).toBe(true);
}
