// The web edition: the same renderer in a browser, with the browser backend in place of the
// preload (web.html → main.web.ts). `npm run web` serves it; the build goes to out/web.

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
// With an extension, as Vite's config loader asks; TypeScript resolves it to policy.ts.
import { SECURITY_HEADERS } from './src/shared/policy.js';
import { serveDatasetFiles } from './src/node/datasetFiles.js';

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Serves web.html at `/`, in dev and preview alike, so the edition opens at the bare address. */
function webEntryAtRoot(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    if (req.url === '/' || req.url?.startsWith('/?')) req.url = `/web.html${req.url.slice(1)}`;
    next();
  };
  return {
    name: 'cnn-studio:web-entry-at-root',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

const DATASETS = path('resources/datasets');

/**
 * The bundled datasets at `/datasets/`, where the training Web Worker fetches them: served from
 * resources/datasets by the dev and preview servers (serveDatasetFiles), and copied into the build.
 */
function datasetsFolder(): Plugin {
  const serve = serveDatasetFiles(DATASETS);
  let outDir = '';
  return {
    name: 'cnn-studio:datasets',
    configResolved: (config) => void (outDir = resolve(config.root, config.build.outDir)),
    configureServer: (server) => void server.middlewares.use('/datasets', serve),
    configurePreviewServer: (server) => void server.middlewares.use('/datasets', serve),
    writeBundle: () => cpSync(DATASETS, join(outDir, 'datasets'), { recursive: true }),
  };
}

export default defineConfig({
  root: path('src/renderer'),
  plugins: [svelte({ configFile: false }), webEntryAtRoot(), datasetsFolder()],
  server: { host: 'localhost', headers: SECURITY_HEADERS },
  preview: { host: 'localhost', headers: SECURITY_HEADERS },
  build: {
    outDir: path('out/web'),
    emptyOutDir: true,
    rolldownOptions: { input: path('src/renderer/web.html') },
  },
});
