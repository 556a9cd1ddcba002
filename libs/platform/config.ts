import { join, resolve } from 'node:path';
import {
  defaultEvaluationPolicy,
  defaultEvaluationPolicyDocument,
  defaultSlaPolicy,
  defaultSlaPolicyDocument,
  InvalidPolicy,
  parseEvaluationPolicy,
  parseSlaPolicy,
  policyProblems,
  problemCollector,
  readDuration,
  type EvaluationPolicy,
  type SlaPolicy,
} from '../domain/index.js';
import { personalTextFields, type PersonalTextField } from '../domain/personal.js';
import type { EventStoreConfig } from '../event-store/open-event-store.js';
import { ConfigError } from './config-error.js';
import type { LogFormat } from './logging.js';
import { isEmailAddress, parsePeople, teamsOf, type Person } from './people.js';
import { loadPolicyFile } from './policy-file.js';

export { ConfigError } from './config-error.js';

export type AppConfig = Readonly<{
  http: Readonly<{
    host: string;
    port: number;
    /** Largest accepted request body, in bytes; larger ones get 413. */
    bodyLimitBytes: number;
    /** Requests per minute per client address; 0: no limit. */
    rateLimitPerMinute: number;
    /** Origins allowed to call the API from a browser; none: CORS stays off. */
    corsOrigins: readonly string[];
    /** How long a write waits for its workflow before answering 503 (the write may still land: see Idempotency-Key). */
    writeTimeoutMs: number;
    /** Who is a proxy (TRUST_PROXY): a hop count, or addresses and ranges; unset, no proxy is trusted. */
    trustProxy?: number | readonly string[];
  }>;
  dataDir: string;
  /** JSON lines (the default off a terminal) or Nest's readable text (on one); LOG_LEVEL for pino's level. */
  log: Readonly<{ format: LogFormat; level: string }>;
  auth: AuthConfig;
  temporal: Readonly<{
    /** Unset: the embedded dev server, started by `npm start`. */
    address?: string;
    namespace: string;
    devServer: Readonly<{ port: number; uiPort: number; cliPath?: string }>;
  }>;
  worker: Readonly<{
    /** The worker process run alone (npm run start:worker) serves /metrics on this port; 0: not at all. */
    metricsPort: number;
    /** Workflows kept in the worker's memory; unset: the SDK's default, from the heap size (about 2,300 on a 4 GiB heap). */
    maxCachedWorkflows?: number;
  }>;
  eventStore: EventStoreConfig;
  /** Where the read models go when the store has no SQL database of its own (KurrentDB): DATABASE_URL, else embedded under DATA_DIR. */
  readModelsUrl?: string;
  slaPolicy: SlaPolicy;
  evaluationPolicy: EvaluationPolicy;
  /** What those two were read from: until an admin adopts another through the API, these are in force. */
  configuredPolicies: Readonly<Record<'sla' | 'supplier-evaluation', ConfiguredPolicy>>;
  /** Where SLA warnings, breaches and escalations are POSTed as JSON; they are logged either way. */
  notifyWebhookUrl?: string;
  /**
   * The secrets webhooks are signed with (NOTIFY_WEBHOOK_SECRET, Standard
   * Webhooks' `whsec_…`): two during a rotation, each signing every message,
   * so a receiver holding either verifies. None: sent unsigned, as the
   * start-up log says.
   */
  notifyWebhookSecrets: readonly string[];
  /**
   * Outgoing e-mail: through SMTP_URL (`smtp://` or `smtps://`, user and
   * password in it) from SMTP_FROM; without SMTP_URL, into the outbox an
   * administrator reads.
   */
  mail: Readonly<{ smtpUrl?: string; from: string }>;
  /**
   * Incoming e-mail: the mailbox at IMAP_URL (`imap://` or `imaps://`, user
   * and password in it) is read every IMAP_POLL_SECONDS; without it, none.
   */
  mailIn?: Readonly<{ imapUrl: string; pollMs: number }>;
  /** The staff the product writes to, with their addresses and languages (PEOPLE_PATH). */
  people: readonly Person[];
  /** How long before registration a complaint may have been received (`receivedAt`); older ones are refused. */
  receivedAtMaxAgeMs: number;
  /**
   * The master key that wraps each customer's data key (DATA_KEY); without
   * it, one kept under DATA_DIR. Every process over one store needs the same.
   */
  dataKey?: string;
  /**
   * The free text of a complaint sealed under its customer's key when the
   * customer is a person (PERSONAL_TEXT: a comma list, or `none`; all by
   * default), so that their erasure erases it too.
   */
  personalText: readonly PersonalTextField[];
  /**
   * The link a customer answers feedback by: how long it lives
   * (CUSTOMER_LINK_TTL), how often one address may try links
   * (FEEDBACK_RATE_LIMIT_PER_MINUTE), and where customers reach the product
   * (PUBLIC_URL; else the address the owner reached the API at).
   */
  customerLinks: Readonly<{ ttlMs: number; ratePerMinute: number; publicUrl?: string }>;
  /**
   * The public complaint form: how many complaints one address may file an
   * hour (PUBLIC_FORM_RATE_LIMIT_PER_HOUR), and the proof of work's cost
   * (PUBLIC_FORM_WORK, PBKDF2 iterations per try: about a second in a browser
   * at the default).
   */
  publicForm: Readonly<{ ratePerHour: number; work: number }>;
  /** Where evidence files are kept, and how large one may be. */
  evidence: Readonly<{
    store: BlobStoreConfig;
    maxBytes: number;
    /** How many files one upload may carry (EVIDENCE_MAX_FILES). */
    maxFiles: number;
    /** Signs the links a browser opens files by (EVIDENCE_LINK_SECRET); without it, one kept under DATA_DIR. */
    linkSecret?: string;
    /** How long a kept file no event names is left before the worker removes it (EVIDENCE_SWEEP_GRACE), and how often it looks (EVIDENCE_SWEEP_EVERY). */
    sweep: Readonly<{ graceMs: number; everyMs: number }>;
  }>;
}>;

/**
 * Where blobs live: files under DATA_DIR/blobs (the default), the event
 * store's own PostgreSQL database (a cluster with no other server), or an
 * S3-compatible bucket (credentials the SDK's usual way: AWS_ACCESS_KEY_ID…).
 */
export type BlobStoreConfig =
  | Readonly<{ kind: 'embedded'; dir: string }>
  | Readonly<{ kind: 'postgres' }>
  | Readonly<{ kind: 's3'; bucket: string; endpoint?: string; region: string; forcePathStyle?: boolean }>;

/** How callers prove who they are: bearer JWTs, checked with a shared secret or an identity provider's keys. */
export type AuthConfig = Readonly<{
  /** HS256 secret (JWT_SECRET). With neither this nor a JWKS URL, a secret kept under DATA_DIR, made on first start. */
  secret?: string;
  /** An identity provider's key set (JWT_JWKS_URL): tokens it signs are accepted, and none made here. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The claim holding the roles, a dotted path for providers that nest it (e.g. realm_access.roles). */
  rolesClaim: string;
  /** The longest a token may live, from iat to exp (JWT_MAX_TTL); a longer one is refused, and none is made. */
  maxTtlSeconds: number;
  /** Owners who may work each other's cases, by team (TEAMS_PATH). */
  teams: Teams;
  /** Where a browser signs in with an identity provider (OIDC_ISSUER, OIDC_CLIENT_ID): the web UI's authorization code flow with PKCE. */
  oidc?: Readonly<{ issuer: string; clientId: string; scope: string }>;
}>;

export type ConfiguredPolicy = Readonly<{ source: 'file' | 'built-in'; document: unknown }>;

export type Teams = Readonly<Record<string, readonly string[]>>;

type Env = Readonly<Record<string, string | undefined>>;

const logFormats = ['json', 'text'];
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
const isHttpUrl = (value: string) => /^https?:\/\/[^\s]+$/.test(value);

/**
 * A mail server's URL of the protocol (`smtp`/`smtps`, `imap`/`imaps`) that
 * the mail libraries and `URL` both read (a password's `@` or `#` must be
 * percent-encoded).
 */
const isMailServerUrl = (protocol: 'smtp' | 'imap', value: string): boolean => {
  if (!new RegExp(`^${protocol}s?://[^\\s]+$`).test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
};

/** One sender: `quality@example.com`, or `Quality <quality@example.com>`. */
const isSender = (value: string): boolean => {
  const address = /^[^<>\r\n]*<([^<>\s]+)>$/.exec(value.trim())?.[1] ?? value.trim();
  return isEmailAddress(address);
};

/** A Standard Webhooks secret: `whsec_` and 24 to 64 bytes in base64, as the spec asks. */
const isWebhookSecret = (secret: string): boolean => {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  const bytes = Buffer.from(secret.slice(6), 'base64').length;
  return bytes >= 24 && bytes <= 64;
};

/** Reads and validates the environment once, at start-up; every problem is named at once. */
export const loadConfig = (env: Env = process.env): AppConfig => {
  const { add, problems, throwIfAny } = problemCollector(ConfigError);
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) add(name, 'port', { got: raw });
    return value;
  };
  const count = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) add(name, 'whole-number-min', { min, got: raw });
    return value;
  };
  /** Seconds, written as a whole number of them or as an ISO-8601 duration (PT24H), as policies write durations. */
  const seconds = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const duration = readDuration(raw);
    const value = /^\d+$/.test(raw) ? Number(raw) : typeof duration === 'number' ? duration / 1000 : NaN;
    if (!Number.isInteger(value) || value < 1) add(name, 'seconds', { got: raw });
    return value;
  };
  const requiredWhen = (name: string, condition: string): string => {
    const value = env[name];
    if (!value) add(name, 'required-when', { condition });
    return value ?? '';
  };

  const dataDir = resolve(env.DATA_DIR || './data');
  const kind = env.EVENT_STORE || 'embedded';
  let eventStore: EventStoreConfig;
  switch (kind) {
    case 'embedded':
      eventStore = { kind, dataDir };
      break;
    case 'postgres':
      eventStore = {
        kind,
        url: requiredWhen('DATABASE_URL', 'EVENT_STORE=postgres'),
        schema: env.DATABASE_SCHEMA || 'public',
      };
      break;
    case 'kurrentdb':
      eventStore = { kind, url: requiredWhen('KURRENTDB_URL', 'EVENT_STORE=kurrentdb') };
      break;
    default:
      add('EVENT_STORE', 'one-of', { values: ['embedded', 'postgres', 'kurrentdb'], got: kind });
      eventStore = { kind: 'embedded', dataDir };
  }

  /** The file's policy and the document it was read from (shown to admins, who edit documents, not parsed policies). */
  const policy = <P>(
    variable: string,
    parse: (document: unknown) => P,
    fallback: P,
    fallbackDocument?: unknown,
    options?: Parameters<typeof loadPolicyFile>[4],
  ): { value: P } & ConfiguredPolicy => {
    const builtIn: { value: P } & ConfiguredPolicy = {
      value: fallback,
      document: fallbackDocument,
      source: 'built-in',
    };
    try {
      return loadPolicyFile(
        variable,
        env[variable] || undefined,
        (document): { value: P } & ConfiguredPolicy => ({ value: parse(document), document, source: 'file' }),
        builtIn,
        options,
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return builtIn;
    }
  };
  const sla = policy('SLA_POLICY_PATH', parseSlaPolicy, defaultSlaPolicy, defaultSlaPolicyDocument, {
    calendarIncludes: true,
  });
  const evaluation = policy(
    'SUPPLIER_POLICY_PATH',
    parseEvaluationPolicy,
    defaultEvaluationPolicy,
    defaultEvaluationPolicyDocument,
  );

  const jwtSecret = env.JWT_SECRET || undefined;
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  if (jwtSecret && jwtSecret.length < 32) add('JWT_SECRET', 'min-characters', { min: 32 });
  // The file links are public: a short secret could be found offline from one link, and then every file opened.
  if (env.EVIDENCE_LINK_SECRET && env.EVIDENCE_LINK_SECRET.length < 32)
    add('EVIDENCE_LINK_SECRET', 'min-characters', { min: 32 });
  if (jwtSecret && jwksUrl) add('JWT_SECRET', 'not-both', { other: 'JWT_JWKS_URL' });
  // The master key wraps every customer's data key: as strong as the secrets above.
  if (env.DATA_KEY && env.DATA_KEY.length < 32) add('DATA_KEY', 'min-characters', { min: 32 });
  if (jwksUrl && !isHttpUrl(jwksUrl)) add('JWT_JWKS_URL', 'url', { got: jwksUrl });
  // Empty is unset, as for every variable here (a compose file's `${PERSONAL_TEXT:-}` must not switch sealing off).
  const personalTextListed = (
    env.PERSONAL_TEXT?.replace(/[\s,]/g, '') ? env.PERSONAL_TEXT : personalTextFields.join(',')
  )
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  const personalText = personalTextListed.filter((field) => field !== 'none');
  for (const field of personalText)
    if (!(personalTextFields as readonly string[]).includes(field))
      add('PERSONAL_TEXT', 'one-of', { values: [...personalTextFields, 'none'], got: field });
  if (personalText.length > 0 && personalText.length < personalTextListed.length)
    add('PERSONAL_TEXT', 'one-of', { values: [...personalTextFields, 'none'], got: personalTextListed.join(',') });
  const people = policy('PEOPLE_PATH', parsePeople, []).value;
  // The people file names teams too: it stands in for a teams file unless one is given.
  const teams = env.TEAMS_PATH ? policy('TEAMS_PATH', parseTeams, {}).value : teamsOf(people);
  const oidcIssuer = env.OIDC_ISSUER || undefined;
  const oidcClientId = env.OIDC_CLIENT_ID || undefined;
  if (!!oidcIssuer !== !!oidcClientId) add('OIDC_ISSUER', 'together', { other: 'OIDC_CLIENT_ID' });
  if (oidcIssuer && !isHttpUrl(oidcIssuer)) add('OIDC_ISSUER', 'url', { got: oidcIssuer });

  const logFormat = env.LOG_FORMAT || (process.stdout.isTTY ? 'text' : 'json');
  if (logFormat !== 'json' && logFormat !== 'text') add('LOG_FORMAT', 'one-of', { values: logFormats, got: logFormat });
  const logLevel = env.LOG_LEVEL || 'info';
  if (!logLevels.includes(logLevel)) add('LOG_LEVEL', 'one-of', { values: logLevels, got: logLevel });

  // Files beside the records that name them: a cluster on PostgreSQL keeps them in its database unless told otherwise,
  // never on one container's disk, which another instance cannot see and a redeploy loses.
  const blobKind = env.BLOB_STORE || (kind === 'postgres' ? 'postgres' : 'embedded');
  let blobStore: BlobStoreConfig = { kind: 'embedded', dir: join(dataDir, 'blobs') };
  if (blobKind === 'postgres') {
    if (kind !== 'postgres') add('BLOB_STORE', 'together', { other: 'EVENT_STORE=postgres' });
    blobStore = { kind: 'postgres' };
  } else if (blobKind === 's3') {
    const endpoint = env.S3_ENDPOINT || undefined;
    if (endpoint && !isHttpUrl(endpoint)) add('S3_ENDPOINT', 'url', { got: endpoint });
    blobStore = {
      kind: 's3',
      bucket: requiredWhen('S3_BUCKET', 'BLOB_STORE=s3'),
      region: env.S3_REGION || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      ...(env.S3_FORCE_PATH_STYLE ? { forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true' } : {}),
    };
  } else if (blobKind !== 'embedded') {
    add('BLOB_STORE', 'one-of', { values: ['embedded', 'postgres', 's3'], got: blobKind });
  }

  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !isHttpUrl(publicUrl)) add('PUBLIC_URL', 'url', { got: publicUrl });
  const notifyWebhookUrl = env.NOTIFY_WEBHOOK_URL || undefined;
  if (notifyWebhookUrl && !isHttpUrl(notifyWebhookUrl)) add('NOTIFY_WEBHOOK_URL', 'url', { got: notifyWebhookUrl });
  const notifyWebhookSecrets = (env.NOTIFY_WEBHOOK_SECRET ?? '').split(/\s+/).filter(Boolean);
  if (notifyWebhookSecrets.length > 2 || !notifyWebhookSecrets.every(isWebhookSecret))
    add('NOTIFY_WEBHOOK_SECRET', 'webhook-secret');

  // How many proxies stand before the API, or which addresses are ones (Express's `trust proxy`, never `true`).
  const trustProxyText = env.TRUST_PROXY?.trim() || undefined;
  const trustProxy = trustProxyText
    ? /^\d+$/.test(trustProxyText)
      ? Number(trustProxyText)
      : trustProxyText
          .split(',')
          .map((hop) => hop.trim())
          .filter(Boolean)
    : undefined;
  const proxyHop = /^(?:[0-9a-fA-F:.]+(?:\/\d{1,3})?|loopback|linklocal|uniquelocal)$/;
  if (Array.isArray(trustProxy) && !trustProxy.every((hop) => proxyHop.test(hop)))
    add('TRUST_PROXY', 'trust-proxy', { got: trustProxyText ?? '' });
  const smtpUrl = env.SMTP_URL || undefined;
  // Said without its password.
  if (smtpUrl && !isMailServerUrl('smtp', smtpUrl))
    add('SMTP_URL', 'smtp-url', { got: smtpUrl.replace(/\/\/.*@/, '//…@') });
  if (smtpUrl && !env.SMTP_FROM) add('SMTP_FROM', 'together', { other: 'SMTP_URL' });
  if (env.SMTP_FROM && !isSender(env.SMTP_FROM)) add('SMTP_FROM', 'sender', { got: env.SMTP_FROM });
  const imapUrl = env.IMAP_URL || undefined;
  if (imapUrl && !isMailServerUrl('imap', imapUrl))
    add('IMAP_URL', 'imap-url', { got: imapUrl.replace(/\/\/.*@/, '//…@') });
  const imapPollMs = seconds('IMAP_POLL_SECONDS', 60) * 1000;

  const config: AppConfig = {
    http: {
      host: env.HOST || '127.0.0.1',
      port: port('PORT', 3000),
      bodyLimitBytes: count('BODY_LIMIT_BYTES', 256 * 1024, 1),
      rateLimitPerMinute: count('RATE_LIMIT_PER_MINUTE', 1200, 0),
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      writeTimeoutMs: count('WRITE_TIMEOUT_MS', 15_000, 100),
      ...(trustProxy !== undefined ? { trustProxy } : {}),
    },
    dataDir,
    log: { format: logFormat as LogFormat, level: logLevel },
    auth: {
      secret: jwtSecret,
      jwksUrl,
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      rolesClaim: env.JWT_ROLES_CLAIM || 'roles',
      maxTtlSeconds: seconds('JWT_MAX_TTL', 24 * 3600),
      teams,
      oidc:
        oidcIssuer && oidcClientId
          ? { issuer: oidcIssuer, clientId: oidcClientId, scope: env.OIDC_SCOPE || 'openid profile' }
          : undefined,
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      devServer: {
        port: port('TEMPORAL_PORT', 7233),
        uiPort: port('TEMPORAL_UI_PORT', 8233),
        cliPath: env.TEMPORAL_CLI_PATH || undefined,
      },
    },
    worker: {
      metricsPort: port('WORKER_METRICS_PORT', 9464),
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS ? count('WORKER_MAX_CACHED_WORKFLOWS', 0, 2) : undefined,
    },
    eventStore,
    readModelsUrl: kind === 'kurrentdb' ? env.DATABASE_URL || undefined : undefined,
    slaPolicy: sla.value,
    evaluationPolicy: evaluation.value,
    configuredPolicies: { sla, 'supplier-evaluation': evaluation },
    notifyWebhookUrl,
    notifyWebhookSecrets,
    mail: { ...(smtpUrl ? { smtpUrl } : {}), from: env.SMTP_FROM || 'qloop <qloop@localhost>' },
    ...(imapUrl ? { mailIn: { imapUrl, pollMs: imapPollMs } } : {}),
    people,
    receivedAtMaxAgeMs: seconds('RECEIVED_AT_MAX_AGE', 30 * 86_400) * 1000,
    ...(env.DATA_KEY ? { dataKey: env.DATA_KEY } : {}),
    personalText: personalText.filter((field): field is PersonalTextField =>
      (personalTextFields as readonly string[]).includes(field),
    ),
    customerLinks: {
      ttlMs: seconds('CUSTOMER_LINK_TTL', 14 * 86_400) * 1000,
      ratePerMinute: count('FEEDBACK_RATE_LIMIT_PER_MINUTE', 10, 1),
      ...(publicUrl ? { publicUrl } : {}),
    },
    publicForm: {
      ratePerHour: count('PUBLIC_FORM_RATE_LIMIT_PER_HOUR', 10, 1),
      work: count('PUBLIC_FORM_WORK', 500, 1),
    },
    evidence: {
      store: blobStore,
      maxBytes: count('EVIDENCE_MAX_BYTES', 25 * 1024 * 1024, 1),
      maxFiles: count('EVIDENCE_MAX_FILES', 10, 1),
      ...(env.EVIDENCE_LINK_SECRET ? { linkSecret: env.EVIDENCE_LINK_SECRET } : {}),
      sweep: {
        graceMs: seconds('EVIDENCE_SWEEP_GRACE', 24 * 3600) * 1000,
        everyMs: seconds('EVIDENCE_SWEEP_EVERY', 3600) * 1000,
      },
    },
  };
  throwIfAny();
  return config;
};

/** For entry points: a configuration problem is the operator's to fix, so say it plainly and stop. */
export const loadConfigOrExit = (env: Env = process.env): AppConfig => {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
};

export const withTemporalAddress = (config: AppConfig, address: string): AppConfig => ({
  ...config,
  temporal: { ...config.temporal, address },
});

/** A teams file: `{ teams: { <name>: [<subject>, ...] } }`. */
export const parseTeams = (document: unknown): Teams => {
  const teams = (document as { teams?: unknown } | null)?.teams;
  if (!teams || typeof teams !== 'object' || Array.isArray(teams))
    throw new InvalidPolicy([{ path: 'teams', key: 'teams-map' }]);
  const { add, throwIfAny } = policyProblems();
  for (const [name, members] of Object.entries(teams)) {
    if (!Array.isArray(members) || !members.every((member) => typeof member === 'string' && member.length > 0))
      add(`teams.${name}`, 'subject-list');
  }
  throwIfAny();
  return teams as Teams;
};

/** Everyone who shares a team with `subject`. */
export const teammatesOf = (teams: Teams, subject: string): string[] =>
  [
    ...new Set(
      Object.values(teams)
        .filter((members) => members.includes(subject))
        .flat(),
    ),
  ].filter((member) => member !== subject);
