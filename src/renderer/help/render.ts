// Help's pages written in Markdown (docs/), bundled with the app and rendered to HTML once. The
// Markdown is our own, bundled at build time, so its HTML is trusted; headings get ids so a
// contents list can link to them.

import { marked, type Tokens } from 'marked';

export function markdownHtml(markdown: string): string {
  const renderer = new marked.Renderer();
  renderer.heading = function ({ tokens, depth }) {
    const inner = this.parser.parseInline(tokens);
    return `<h${depth} id="${slug(inner)}">${inner}</h${depth}>\n`;
  };
  return marked.parse(markdown, { async: false, gfm: true, renderer });
}

/** The top-level sections (`## `) of a page, for its contents list. */
export function markdownSections(markdown: string): { id: string; title: string }[] {
  return marked
    .lexer(markdown)
    .filter((token): token is Tokens.Heading => token.type === 'heading' && token.depth === 2)
    .map((token) => {
      const inner = marked.parseInline(token.text, { async: false });
      return { id: slug(inner), title: inner.replace(/<[^>]*>/g, '') };
    });
}

function slug(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
