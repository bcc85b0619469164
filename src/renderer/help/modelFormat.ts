// The model format's documentation (docs/model-format.md, the file the engine follows), bundled
// with the app: Help shows it without a network or a second copy to keep true.

import source from '../../../docs/model-format.md?raw';
import { markdownHtml, markdownSections } from './render';

/** Sections written for developers (the engine's API for outside tests), left out of Help. */
const DEVELOPER_SECTION = /^## Engine API\b/;

/** The documentation without its developer sections: Help is for the people using the app. */
export function forUsers(markdown: string): string {
  const sections = markdown.split(/^(?=## )/m);
  return sections.filter((section) => !DEVELOPER_SECTION.test(section)).join('');
}

const text = forUsers(source);

export function modelFormatHtml(markdown: string = text): string {
  return markdownHtml(markdown);
}

export function modelFormatSections(markdown: string = text): { id: string; title: string }[] {
  return markdownSections(markdown);
}
