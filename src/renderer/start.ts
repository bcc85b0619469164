// Mounts the app with the backend its entry chose, once the starting document is known.

import { mount } from 'svelte';
import type { StudioBackend } from '../shared/backend';
import App from './App.svelte';
import './app.css';
import { startingDocument } from './startingDocument';

export async function start(backend: StudioBackend): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('CNN Studio: the page has no #app element to mount into.');
  mount(App, { target, props: { backend, start: await startingDocument(backend) } });
}
