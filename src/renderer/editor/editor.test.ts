import { describe, expect, it } from 'vitest';
import type { StudioBackend } from '../../shared/backend';
import { blocksOf } from '../blocks/model';
import { readModel } from '../document/open';
import { ModelStore } from '../document/store.svelte';
import { templates } from '../templates/templates';
import { Editor } from './editor.svelte';

function mobilenet(): Editor {
  const opened = readModel(templates.find((t) => t.id === 'mobilenet-mini')!.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return new Editor(new ModelStore(opened.document), {} as StudioBackend);
}

describe('focusing a layer hidden in a collapsed block', () => {
  it('selects its card, and leaves the document, its undo history and the dirty flag alone', () => {
    const editor = mobilenet();
    const { model } = editor;
    const before = model.document;
    const block = blocksOf(before).find((b) => b.collapsed && b.layers.includes('ir3_dw'))!;
    editor.focusNode('ir3_dw');
    expect(model.document).toBe(before);
    expect(model.dirty).toBe(false);
    expect(model.canUndo).toBe(false);
    expect(editor.selection.nodes).toEqual(block.layers);
  });
});
