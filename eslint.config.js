// Lint rules that keep the architecture honest (see docs/architecture.md).
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'https',
  'url',
  'timers',
  'worker_threads',
  'stream',
  'util',
  'fs/promises',
  'dns',
  'events',
  'process',
];
const builtinPaths = (message) =>
  [...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`)].map((name) => ({ name, message }));
const libs = [
  'domain',
  'contracts',
  'event-store',
  'blob-store',
  'projections',
  'audit',
  'platform',
  'i18n',
  'support',
];
/** Import paths (relative, as written) into every lib but `allowed`, and into the apps. */
const outsideOf = (...allowed) => [
  ...libs.filter((lib) => !allowed.includes(lib)).map((lib) => `**/${lib}/**`),
  '**/apps/**',
];
const io = [
  'pg',
  '@electric-sql/pglite',
  '@kurrent/kurrentdb-client',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/swagger',
  'reflect-metadata',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

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
    // No module imports one that (through others) imports it back: the layers of docs/architecture.md run one way.
    files: [
      'apps/api/**/*.ts',
      'apps/cli/**/*.ts',
      'apps/worker/**/*.ts',
      'apps/standalone/**/*.ts',
      'libs/**/*.ts',
      'workflows/**/*.ts',
      'activities/**/*.ts',
    ],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The domain is pure: decisions and folds over plain data, with no I/O, clock reads through metadata, no framework.
    files: ['libs/domain/**/*.ts'],
    ignores: ['libs/domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinPaths('The domain is pure: no Node built-ins'),
            ...[...io, '@temporalio/workflow', '@temporalio/common'].map((name) => ({
              name,
              message: 'The domain is pure: no I/O, Nest or Temporal',
            })),
          ],
          patterns: [{ group: outsideOf('domain'), message: 'The domain imports only itself' }],
        },
      ],
    },
  },
  {
    // Beside the event store at the bottom: blobs are kept apart from everything that names them.
    files: ['libs/blob-store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: outsideOf('blob-store', 'event-store', 'support'),
              message: 'The blob store imports only itself, the event store (its SQL database) and libs/support',
            },
          ],
        },
      ],
    },
  },
  {
    // The event store is the bottom layer (with libs/support's helpers): every other part may build on it, and it on none of them.
    files: ['libs/event-store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: outsideOf('event-store', 'support'),
              message: 'The event store imports only itself and libs/support',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code must stay deterministic: domain, contracts and the workflow SDK only.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinPaths('Workflows are deterministic: no I/O, Nest or Node built-ins'),
            ...io.map((name) => ({ name, message: 'Workflows are deterministic: no I/O, Nest or Node built-ins' })),
          ],
          patterns: [
            {
              group: [...outsideOf('domain', 'contracts'), '**/activities/**'],
              message: 'Workflows import libs/domain and libs/contracts only (activities as types)',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
