// Lint rules that keep the architecture honest (see docs/architecture.md).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'url', 'timers', 'worker_threads', 'stream', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'scripts/**', 'eslint.config.js', 'jest.config.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // Jest runs what describe/it return; nothing is left floating.
        { allowForKnownSafeCalls: [{ from: 'package', package: '@jest/globals', name: ['describe', 'it', 'test'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // Workflow code must stay deterministic: domain, contracts and the workflow SDK only.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`), 'pg', '@electric-sql/pglite', '@nestjs/common', '@nestjs/core', 'reflect-metadata', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({ name, message: 'Workflows are deterministic: no I/O, Nest or Node built-ins' })),
          patterns: [
            { group: ['**/apps/**', '**/activities/*', '**/libs/event-store/*', '**/libs/event-store/**', '**/libs/platform/**'], message: 'Workflows import libs/domain and libs/contracts only (activities as types)', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
