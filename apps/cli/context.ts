import { existsSync, writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { isRole, roles as allRoles } from '../../libs/domain/index.js';
import { embeddedSecretPath, issueToken, signingSecret, subjectProblem } from '../../libs/platform/auth.js';
import { ConfigError, loadConfig, type AppConfig } from '../../libs/platform/config.js';
import { openStorage, type Storage } from '../../libs/platform/storage.js';
import { usage } from './usage.js';

/** What ends a command early: a message for standard error and the exit status (2: usage or failure). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

export const fail = (message: string): never => {
  throw new CliFailure(message);
};

export const usageFailure = (message: string): never => fail(`${message}\n\n${usage}`);

export type CliOptions = Readonly<{
  api?: string;
  json?: string;
  csv?: string;
  policy?: string;
  from?: string;
  to?: string;
  actor: string;
  roles?: string;
  token?: string;
  ttl: string;
  /** audit: exit 0 on `unverified` (some history past retention) rather than 3. */
  'accept-unverified'?: boolean;
}>;

/** Where a command writes, and the environment it reads: the process's own in `main`, a test's in tests. */
export type CliIo = Readonly<{
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}>;

/** Everything a subcommand needs: its options, its output, the configuration, and the ways to reach the product. */
export class CliContext {
  constructor(
    readonly options: CliOptions,
    readonly io: CliIo,
  ) {}

  private loaded?: AppConfig;

  /** The app's own typed configuration, read once from the same environment variables. */
  get config(): AppConfig {
    try {
      this.loaded ??= loadConfig(this.io.env);
      return this.loaded;
    } catch (error) {
      return fail(error instanceof ConfigError ? error.message : String(error));
    }
  }

  print(line = ''): void {
    this.io.out(`${line}\n`);
  }

  /** Writes to a file, or to standard output for '-'. */
  exportTo(target: string | undefined, content: string): void {
    if (!target) return;
    if (target === '-') this.io.out(content);
    else writeFileSync(target, content);
  }

  /** The secret tokens are signed with here, if this machine has it; never made by the CLI. */
  private localSecret(): Uint8Array | undefined {
    const { auth, dataDir } = this.config;
    if (auth.jwksUrl || (!auth.secret && !existsSync(embeddedSecretPath(dataDir)))) return undefined;
    return signingSecret(auth, dataDir);
  }

  mintToken(roles: string, ttlSeconds: number): Promise<string> {
    const secret =
      this.localSecret() ?? fail('No JWT_SECRET here, and no secret under DATA_DIR: pass --token (or set QLOOP_TOKEN)');
    const unknown = roles.split(',').filter((role) => !isRole(role));
    if (unknown.length > 0) fail(`Unknown roles ${unknown.join(', ')}; known: ${allRoles.join(', ')}`);
    const badActor = subjectProblem(this.options.actor);
    if (badActor) fail(`--actor: ${badActor}`);
    const { issuer, audience, maxTtlSeconds } = this.config.auth;
    if (ttlSeconds > maxTtlSeconds) fail(`--ttl may be at most ${maxTtlSeconds} seconds here (JWT_MAX_TTL)`);
    return issueToken(
      secret,
      { subject: this.options.actor, roles: roles.split(',').filter(isRole) },
      { ttlSeconds, issuer, audience },
    );
  }

  /** Asks the running qloop at --api, with --token, QLOOP_TOKEN, or a short-lived token of `roles` made here. */
  async api(
    path: string,
    init: { method?: string; body?: unknown; roles: string } = { roles: 'auditor' },
  ): Promise<Record<string, unknown>> {
    const token =
      this.options.token ?? this.io.env.QLOOP_TOKEN ?? (await this.mintToken(this.options.roles ?? init.roles, 300));
    const response = await fetch(new URL(`/api/v1${path}`, this.options.api), {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }).catch((error: unknown) => fail(`Cannot reach ${this.options.api}: ${String(error)}`));
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      fail(`${response.status} ${String(body.title ?? response.statusText)}: ${String(body.detail ?? '')}`);
    return body;
  }

  /** Opens the store the app would open from this environment, for the length of `work`. */
  async withStorage<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
    const config = this.config;
    const storage = await openStorage(config).catch((error: unknown) =>
      fail(`Cannot open the store: ${error instanceof Error ? error.message : String(error)}`),
    );
    try {
      return await work(storage);
    } finally {
      await storage.close();
    }
  }

  /** A Temporal client when TEMPORAL_ADDRESS is set, for the audit's cross-check. */
  async temporalClient(): Promise<Client | undefined> {
    const { address, namespace } = this.config.temporal;
    if (!address) return undefined;
    return new Client({ connection: await Connection.connect({ address }), namespace });
  }
}
