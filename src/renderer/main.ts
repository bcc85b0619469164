// Entry of the desktop app's renderer (index.html): the preload's bridge is the backend.

import { desktopBackend } from './backend';
import { start } from './start';

void start(desktopBackend());
