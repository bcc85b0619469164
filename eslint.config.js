import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

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
