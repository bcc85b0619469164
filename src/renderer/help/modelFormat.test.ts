import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forUsers, modelFormatHtml, modelFormatSections } from './modelFormat';

const doc = readFileSync(new URL('../../../docs/model-format.md', import.meta.url), 'utf8');

describe('the model format help', () => {
  it('leaves the developer section out, and keeps everything else', () => {
    const shown = forUsers(doc);
    expect(shown).not.toMatch(/## Engine API/);
    expect(shown).not.toMatch(/computeGradients/);
    const headings = (md: string) => [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings(shown)).toEqual(headings(doc).filter((h) => !h.startsWith('Engine API')));
    expect(forUsers('# T\n\n## A\n\na\n\n## Engine API used here\n\nx\n\n## B\n\nb\n')).toBe(
      '# T\n\n## A\n\na\n\n## B\n\nb\n',
    );
  });

  it('lists the top-level sections of docs/model-format.md, each with an anchor', () => {
    const sections = modelFormatSections(doc);
    expect(sections.map((s) => s.title)).toEqual(
      [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1].replace(/`/g, '')),
    );
    const html = modelFormatHtml(doc);
    for (const { id } of sections) expect(html).toContain(`<h2 id="${id}">`);
  });

  it('renders code, tables and inline markup as HTML', () => {
    const html = modelFormatHtml('## The `conv2d` layer\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    expect(html).toContain('<h2 id="the-conv2d-layer">The <code>conv2d</code> layer</h2>');
    expect(html).toContain('<td>1</td>');
    expect(modelFormatSections('## The `conv2d` layer')).toEqual([
      { id: 'the-conv2d-layer', title: 'The conv2d layer' },
    ]);
  });
});
