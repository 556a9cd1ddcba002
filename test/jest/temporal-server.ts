import { freePort } from '../../libs/support/free-port.js';
import { resolveTemporalCli } from '../../libs/platform/temporal-cli.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/platform/temporal-dev-server.js';

/**
 * Jest's global setup and teardown for the integration and e2e projects: one
 * in-memory Temporal dev server that every test file shares
 * (TEMPORAL_TEST_ADDRESS). Both projects name this module, and Jest runs each
 * project's setup, so the second one reuses the server and the last teardown
 * stops it. An address set beforehand (a server a developer keeps running) is
 * used as it is and never stopped.
 */
type Shared = { server?: TemporalDevServer; users: number };
const key = Symbol.for('qloop.test.temporal-server');
const shared = ((globalThis as Record<symbol, Shared | undefined>)[key] ??= { users: 0 });

const start = async (): Promise<TemporalDevServer> => {
  const cliPath = await resolveTemporalCli({ log: (line) => console.error(line) });
  process.env.TEMPORAL_CLI_PATH = cliPath;
  // A port found free can be taken by another process before the server binds it: try afresh.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalDevServer({ cliPath, port: await freePort() });
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(
        `The test Temporal server did not start (attempt ${attempt}), trying again: ${String(error).split('\n')[0]}`,
      );
    }
  }
};

export const setUp = async (): Promise<void> => {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  shared.users += 1;
  if (process.env.TEMPORAL_TEST_ADDRESS) return;
  shared.server = await start();
  // Set here, in Jest's parent process, the variable reaches every test worker.
  process.env.TEMPORAL_TEST_ADDRESS = shared.server.address;
};

export const tearDown = async (): Promise<void> => {
  shared.users -= 1;
  if (shared.users > 0 || !shared.server) return;
  await shared.server.stop();
  shared.server = undefined;
  delete process.env.TEMPORAL_TEST_ADDRESS;
};
