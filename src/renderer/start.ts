// Mounts the app with the backend its entry chose.

import { mount } from 'svelte';
import type { StudioBackend } from '../shared/backend';
import App from './App.svelte';
import './app.css';

export function start(backend: StudioBackend): void {
  const target = document.getElementById('app');
  if (!target) throw new Error('CNN Studio: the page has no #app element to mount into.');
  mount(App, { target, props: { backend } });
}
