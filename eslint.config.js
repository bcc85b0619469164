import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * The layers of src, each with the folders it may import from; anything else under src is refused.
 * The engine is pure and imports no host; shared holds the contracts (IPC surface, worker
 * protocol) on top of the engine's types; the worker speaks those contracts; the hosts (main, cli,
 * renderer) build on all three; node holds the plain-Node file services main and the CLI share
 * (atomic writes, the run folders); preload bundles nothing but the contracts. So renderer and
 * main never import each other, and nothing imports a layer above it.
 */
const LAYERS = {
  engine: [],
  shared: ['engine'],
  worker: ['engine', 'shared'],
  node: ['engine', 'shared'],
  cli: ['engine', 'shared', 'worker', 'node'],
  main: ['engine', 'shared', 'worker', 'node'],
  preload: ['shared'],
  renderer: ['engine', 'shared', 'worker'],
};

const layerZones = Object.entries(LAYERS).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [`./${layer}`, ...allowed.map((folder) => `./${folder}`)],
  message: `src/${layer} may import only from ${[layer, ...allowed].map((f) => `src/${f}`).join(', ')}.`,
}));

export default ts.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'build',
      'test-results',
      'playwright-report',
      'resources',
      // AssemblyScript (decorators on functions, v128 and i32 types) is compiled by asc, not tsc.
      'assembly',
      'src/engine/kernels/wasm/generated',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.svelte'] })],
    },
    // Import cycles, type-only ones included, are test/architecture/imports.test.ts's to find:
    // import-x/no-cycle skips type imports.
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
  },
  {
    // The engine runs in Node, browsers and workers alike: it may not reach for any host API.
    files: ['src/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'svelte', 'svelte/*', 'fs', 'path', 'worker_threads'] },
      ],
    },
  },
);
