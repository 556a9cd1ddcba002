// Runs the compiled tests with node's test runner.
//   --unit   only the pure *.spec.js units, no servers
//   <text>   only the test files whose path contains it, e.g. `workflows/`
// A test that runs over 3 minutes is cancelled and fails the run, rather than hanging CI.
// Integration tests share one in-memory Temporal dev server started here
// (TEMPORAL_TEST_ADDRESS); PostgreSQL is DATABASE_URL, default the local one.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const unitOnly = process.argv.includes('--unit');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
const files = walk(dist)
  .filter((file) => file.endsWith('.spec.js') || (!unitOnly && /\.(test|e2e)\.js$/.test(file)))
  .filter((file) => !relative(dist, file).startsWith('bench'))
  .filter((file) => only.length === 0 || only.some((part) => relative(dist, file).includes(part)))
  .sort();

const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };
let server;
if (!unitOnly) {
  const { resolveTemporalCli } = await import(join(dist, 'libs/platform/temporal-cli.js'));
  const { startTemporalDevServer } = await import(join(dist, 'libs/platform/temporal-dev-server.js'));
  const { freePort } = await import(join(dist, 'libs/platform/free-port.js'));
  env.TEMPORAL_CLI_PATH = await resolveTemporalCli({ env });
  // A port found free can be taken by another process before the server binds it: try afresh.
  for (let attempt = 1; !server; attempt++) {
    try {
      server = await startTemporalDevServer({ cliPath: env.TEMPORAL_CLI_PATH, port: await freePort() });
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`The test Temporal server did not start (attempt ${attempt}), trying again: ${String(error).split('\n')[0]}`);
    }
  }
  env.TEMPORAL_TEST_ADDRESS = server.address;
  console.log(`Shared Temporal dev server for tests at ${server.address}`);
}

const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-timeout=180000', ...files], { stdio: 'inherit', env });
const code = await new Promise((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await server?.stop();
process.exit(code);
