// Entry of the web edition (web.html): the browser is the backend.

import { start } from './start';
import { webBackend } from './web/backend';

void start(webBackend());
