import { describe, expect, it } from 'vitest';
import { blank } from '../templates/blank';
import {
  copyFragment,
  fragmentFromText,
  fragmentToText,
  pasteFragment,
  pasteOffset,
} from './fragment';
import { COLUMN_GAP, NODE_WIDTH } from './geometry';
import { ModelStore } from './store.svelte';

function chain() {
  const store = new ModelStore(blank);
  const conv = store.addLayer('conv2d', { x: 300, y: 0 }, 'input');
  store.addLayer('relu', { x: 600, y: 0 }, conv);
  return store.document;
}

describe('fragments', () => {
  it('copy the chosen nodes and the edges between them', () => {
    const fragment = copyFragment(chain(), ['conv2d_1', 'relu_1'])!;
    expect(fragment.nodes.map((n) => n.id)).toEqual(['conv2d_1', 'relu_1']);
    expect(fragment.edges).toEqual([{ from: 'conv2d_1', to: 'relu_1' }]);
    expect(copyFragment(chain(), [])).toBeNull();
  });

  it('paste with fresh ids where taken, edges renamed, positions moved', () => {
    const doc = chain();
    const fragment = copyFragment(doc, ['conv2d_1', 'relu_1'])!;
    const pasted = pasteFragment(doc, fragment, { x: 32, y: 32 });
    expect(pasted.ids).toEqual(['conv2d_2', 'relu_2']);
    expect(pasted.doc.edges.at(-1)).toEqual({ from: 'conv2d_2', to: 'relu_2' });
    expect(pasted.doc.nodes.at(-1)!.position).toEqual({ x: 632, y: 32 });
    expect(pasteFragment(blank, fragment, { x: 0, y: 0 }).ids).toEqual(['conv2d_1', 'relu_1']);
  });

  it('paste beside every card, or in place where the place is free', () => {
    const doc = chain();
    const fragment = copyFragment(doc, ['conv2d_1', 'relu_1'])!;
    // One step right would put the copied conv on the relu; two steps clear both.
    expect(pasteOffset(doc, fragment)).toEqual({ x: 2 * (NODE_WIDTH + COLUMN_GAP), y: 0 });
    expect(pasteOffset(blank, fragment)).toEqual({ x: 0, y: 0 });
  });

  it('travel through the clipboard as text, and other text is not a fragment', () => {
    const fragment = copyFragment(chain(), ['conv2d_1', 'relu_1'])!;
    expect(fragmentFromText(fragmentToText(fragment))).toEqual(fragment);
    expect(fragmentFromText('hello')).toBeNull();
    expect(fragmentFromText('{"format":"cnn-studio/model"}')).toBeNull();
    const dangling = {
      format: 'cnn-studio/fragment',
      nodes: fragment.nodes,
      edges: [{ from: 'x', to: 'relu_1' }],
    };
    expect(fragmentFromText(JSON.stringify(dangling))).toBeNull();
  });
});
