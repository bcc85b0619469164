// The web edition: the same renderer in a browser, with the browser backend in place of the
// preload (web.html → main.web.ts). `npm run web` serves it; the build goes to out/web.

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
// With an extension, as Vite's config loader asks; TypeScript resolves it to policy.ts.
import { SECURITY_HEADERS } from './src/shared/policy.js';

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

export default defineConfig({
  root: path('src/renderer'),
  plugins: [svelte({ configFile: false }), webEntryAtRoot()],
  server: { host: 'localhost', headers: SECURITY_HEADERS },
  preview: { host: 'localhost', headers: SECURITY_HEADERS },
  build: {
    outDir: path('out/web'),
    emptyOutDir: true,
    rolldownOptions: { input: path('src/renderer/web.html') },
  },
});
