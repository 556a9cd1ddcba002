// Compiles the TypeScript, then bundles the workflows once so no worker start pays for it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.json`], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const { bundleWorkflowCode } = await import('@temporalio/worker');
const { code } = await bundleWorkflowCode({
  workflowsPath: `${root}dist/workflows/index.js`,
  logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
});
writeFileSync(`${root}dist/workflow-bundle.js`, code);

// The web UI: its API types from the OpenAPI document the API now serves, a
// type check, then Vite's build into dist/web, which the API serves at `/`.
const step = (args) => {
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
};
step([`${root}scripts/web-types.mjs`]);
step([`${root}node_modules/typescript/bin/tsc`, '-p', `${root}apps/web/tsconfig.json`]);
step([
  `${root}node_modules/vite/bin/vite.js`,
  'build',
  '--config',
  `${root}apps/web/vite.config.ts`,
  '--logLevel',
  'warn',
]);

// Brotli and gzip copies of the UI's text files, made once here rather than on
// every request: the API serves whichever the browser accepts.
const { readdirSync, readFileSync } = await import('node:fs');
const { brotliCompressSync, gzipSync, constants } = await import('node:zlib');
const assets = `${root}dist/web/assets/`;
for (const name of readdirSync(assets).filter((file) => /\.(js|css|svg)$/.test(file))) {
  const content = readFileSync(assets + name);
  writeFileSync(
    `${assets + name}.br`,
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
  writeFileSync(`${assets + name}.gz`, gzipSync(content, { level: 9 }));
}
