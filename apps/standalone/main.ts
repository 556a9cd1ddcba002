import 'reflect-metadata';
import { ApiModule } from '../api/api.module.js';
import { createHttpApp, webUiDir } from '../api/http/http-app.js';
import { existsSync } from 'node:fs';
import { WorkerModule } from '../worker/worker.module.js';
import { join } from 'node:path';
import { lockDirectory } from '../../libs/support/directory-lock.js';
import { roles } from '../../libs/domain/index.js';
import { issueToken, signingSecret, type Identity } from '../../libs/platform/auth.js';
import { loadConfigOrExit, withTemporalAddress, type AppConfig } from '../../libs/platform/config.js';
import { resolveTemporalCli } from '../../libs/platform/temporal-cli.js';
import { makeDataDir, ownerOnlyFiles } from '../../libs/platform/storage.js';
import { superviseTemporalDevServer } from '../../libs/platform/temporal-dev-server.js';
import { installTemporalLogging } from '../../libs/platform/temporal-logging.js';

/**
 * Everything in one process, the embedded default: a Temporal dev server
 * (unless TEMPORAL_ADDRESS is set), the embedded event store, the worker and
 * the API. They share one process because the embedded store allows one
 * process per data directory.
 */
let config = loadConfigOrExit();
ownerOnlyFiles();
makeDataDir(config.dataDir);
// Before anything in DATA_DIR is touched: a second start must not end the first one's Temporal server.
lockDirectory(join(config.dataDir, 'qloop.lock'), `DATA_DIR ${config.dataDir}`);
let devServer: Awaited<ReturnType<typeof superviseTemporalDevServer>> | undefined;
if (!config.temporal.address) {
  const { dataDir, temporal } = config;
  const cliPath = await resolveTemporalCli();
  devServer = await superviseTemporalDevServer(
    { cliPath, dataDir, port: temporal.devServer.port, uiPort: temporal.devServer.uiPort || undefined },
    {
      log: (line) => console.error(line),
      // Nothing can be written without it: end, non-zero, so a process manager starts everything afresh.
      giveUp: (reason) => {
        console.error(reason);
        process.exit(1);
      },
    },
  );
  config = withTemporalAddress(config, devServer.address);
}

installTemporalLogging();
const app = await createHttpApp(config, [ApiModule, WorkerModule]);
await app.listen(config.http.port, config.http.host);

const url = (await app.getUrl()).replace('[::1]', 'localhost');
// Tokens are for the person at the terminal: never into a log file or a log collector.
const toTerminal = process.stdout.isTTY === true && config.log.format === 'text';
const tokens = toTerminal ? await demoTokens(config) : [];
console.log(
  [
    '',
    'qloop is running (embedded mode)',
    `  Web UI       ${url}/${existsSync(join(webUiDir, 'index.html')) ? '' : '  (not built: npm run build)'}`,
    `  API          ${url}/api/v1`,
    `  OpenAPI UI   ${url}/docs`,
    `  Temporal     ${config.temporal.address}${devServer ? ' (embedded dev server)' : ''}`,
    ...(devServer?.uiUrl ? [`  Temporal UI  ${devServer.uiUrl}`] : []),
    `  Data         ${config.dataDir}`,
    ...(tokens.length > 0
      ? [
          '',
          `Bearer tokens for trying it out, one per role (valid ${tokenSeconds(config) / 3600} h; more with npm run qloop -- token):`,
          ...tokens.map(
            ({ subject, roles, token }) => `  ${roles.join(',').padEnd(17)} ${subject.padEnd(16)} ${token}`,
          ),
        ]
      : toTerminal || config.auth.jwksUrl
        ? []
        : ['', 'Bearer tokens are printed only to a terminal; make one with npm run qloop -- token --roles ROLE']),
    '',
  ].join('\n'),
);

function tokenSeconds({ auth }: AppConfig) {
  return Math.min(24 * 3600, auth.maxTtlSeconds);
}

/** A token per role, signed with the embedded secret (or JWT_SECRET); none when an identity provider signs. */
async function demoTokens(config: AppConfig) {
  const { auth, dataDir } = config;
  const secret = signingSecret(auth, dataDir);
  if (!secret) return [];
  const people: Identity[] = roles.map((role) => ({ subject: `demo.${role}`, roles: [role] }));
  return Promise.all(
    people.map(async (person) => ({
      ...person,
      token: await issueToken(secret, person, {
        ttlSeconds: tokenSeconds(config),
        issuer: auth.issuer,
        audience: auth.audience,
      }),
    })),
  );
}

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  // The API first: requests under way still need the worker to answer them. Then the worker drains, then the store closes.
  await app.getHttpAdapter().close();
  await app.close();
  await devServer?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
