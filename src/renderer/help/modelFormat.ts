// The model format's documentation (docs/model-format.md, the file the engine follows), bundled
// with the app and rendered once: Help shows it without a network or a second copy to keep true.

import { marked, type Tokens } from 'marked';
import source from '../../../docs/model-format.md?raw';

/** Sections written for developers (the engine's API for outside tests), left out of Help. */
const DEVELOPER_SECTION = /^## Engine API\b/;

/** The documentation without its developer sections: Help is for the people using the app. */
export function forUsers(markdown: string): string {
  const sections = markdown.split(/^(?=## )/m);
  return sections.filter((section) => !DEVELOPER_SECTION.test(section)).join('');
}

const text = forUsers(source);

/**
 * The documentation as HTML. The Markdown is our own file, bundled at build time, so its HTML is
 * trusted; headings get ids so the contents can link to them.
 */
export function modelFormatHtml(markdown: string = text): string {
  const renderer = new marked.Renderer();
  renderer.heading = function ({ tokens, depth }) {
    const inner = this.parser.parseInline(tokens);
    return `<h${depth} id="${slug(inner)}">${inner}</h${depth}>\n`;
  };
  return marked.parse(markdown, { async: false, gfm: true, renderer });
}

/** The top-level sections of the documentation, for its contents list. */
export function modelFormatSections(markdown: string = text): { id: string; title: string }[] {
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
