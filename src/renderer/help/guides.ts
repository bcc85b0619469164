// Help's written pages (docs/help), bundled with the app and rendered once.

import panels from '../../../docs/help/panels.md?raw';
import start from '../../../docs/help/getting-started.md?raw';
import { markdownHtml } from './render';

export const GETTING_STARTED_HTML = markdownHtml(start);
export const PANELS_HTML = markdownHtml(panels);
