// Entry of the web edition (web.html): the browser is the backend.

import { webBackend } from './backend';
import { start } from './start';

void start(webBackend());
