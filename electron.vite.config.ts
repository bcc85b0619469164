// Builds the desktop app: main process, preload and renderer (out/main, out/preload, out/renderer).

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      // The training worker is its own entry: main starts it with worker_threads (out/main/worker.js).
      rolldownOptions: {
        input: { index: path('src/main/index.ts'), worker: path('src/worker/node/entry.ts') },
      },
      // Bundled whole, so the packaged app needs no node_modules (see electron-builder.yml).
      externalizeDeps: false,
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: path('src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module; `.cjs` because package.json says "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path('src/renderer'),
    plugins: [svelte({ configFile: false })],
    build: {
      rolldownOptions: { input: path('src/renderer/index.html') },
    },
  },
});
